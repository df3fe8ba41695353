/*
 * protocol.h — the whole client <-> daemon wire (man 7 kabinet-protocol),
 * as tmux keeps its wire in tmux-protocol.h.
 *
 * Transport: a UNIX stream socket at $XDG_RUNTIME_DIR/kabinet/kabinetd.sock
 * (see client.h for the fallback), JSON-RPC 2.0, one JSON object per line
 * (codec.h).  The first call on a connection is "hello".
 */
#ifndef KABINET_PROTOCOL_H
#define KABINET_PROTOCOL_H

#define KB_PROTOCOL_VERSION	1
#define KB_VERSION		"0.1.0"

/* JSON-RPC 2.0 codes, and ours in the server-error range. */
#define RPC_PARSE_ERROR		-32700	/* reason "parse_error" */
#define RPC_INVALID_REQUEST	-32600	/* reason "invalid_request" */
#define RPC_METHOD_NOT_FOUND	-32601	/* reason "unknown_method" */
#define RPC_INVALID_PARAMS	-32602	/* reason "invalid_params" */
#define RPC_INTERNAL_ERROR	-32603	/* reason "internal" */
#define RPC_APP_ERROR		-32000	/* any reason below */

/* Stable error reasons (error.data.reason); the TUI translates these. */
#define R_PARSE_ERROR		"parse_error"
#define R_INVALID_REQUEST	"invalid_request"
#define R_UNKNOWN_METHOD	"unknown_method"
#define R_INVALID_PARAMS	"invalid_params"
#define R_INTERNAL		"internal"
#define R_HELLO_REQUIRED	"hello_required"	/* a call before hello */
#define R_PROTOCOL_MISMATCH	"protocol_mismatch"	/* data.supported */
#define R_LINE_TOO_LONG		"line_too_long"		/* then close */
#define R_INVALID_PHONE		"invalid_phone"
#define R_WRONG_CREDENTIALS	"wrong_credentials"
#define R_ACCOUNT_LOCKED	"account_locked"	/* data.until (ISO) */
#define R_CHALLENGE_EXPIRED	"challenge_expired"
#define R_CHALLENGE_CANCELLED	"challenge_cancelled"
#define R_WRONG_CODE		"wrong_code"		/* data.attempts_left */
#define R_TOO_MANY_ATTEMPTS	"too_many_attempts"	/* data.until */
#define R_RESEND_TOO_EARLY	"resend_too_early"	/* data.resend_at */
#define R_RATE_LIMITED		"rate_limited"		/* data.retry_at */
#define R_LENDER_UNAVAILABLE	"lender_unavailable"
#define R_LENDER_INVALID	"lender_invalid_response"
#define R_LENDER_ERROR		"lender_error"		/* data.code */
#define R_TLS_ERROR		"tls_error"
#define R_NOT_LOGGED_IN		"not_logged_in"
#define R_ALREADY_LOGGED_IN	"already_logged_in"
#define R_SESSION_EXPIRED	"session_expired"
#define R_PASSWORD_CHANGE_REQUIRED "password_change_required"
#define R_WEAK_PASSWORD		"weak_password"		/* data.rule */
#define R_VALIDATION		"validation"	/* data.fields [{field,reason}] */
#define R_BUSY			"busy"		/* one such operation at a time */

/*
 * Methods.  Params → result.  Times are ISO 8601 with offset; money is
 * integer kopecks; phones are "+79XXXXXXXXX" in requests, masked in results.
 *
 * hello {protocol:int, client:str} → {protocol, daemon:str, capabilities:[str]}
 *   A different protocol major gets R_PROTOCOL_MISMATCH.  Every other call
 *   before hello gets R_HELLO_REQUIRED.
 * daemon.ping {} → {pong:true, uptime:int seconds}
 * session.status {} → {state:"signed_out"|"signed_in"|"password_change",
 *     lender:{url, name|null, reachable:bool, retry_at|null,
 *             products:[{id,name,min_amount,max_amount,step_amount,
 *                        min_term,max_term,rate_bp_per_day}]|null},
 *     storage:"keyring"|"memory", phone_masked|null, name|null,
 *     restricted:bool, pending_challenge:{…challenge.required…}|null}
 *   Right after the daemon starts the answer waits (up to 3 s) for the
 *   stored session to be looked up, so a restarted daemon answers
 *   signed_in at once.
 *   pending_challenge is the asking client's newest pending challenge
 *   (always null in the session.changed broadcast).  storage "memory":
 *   no Secret Service (or --no-keyring), the session dies with the daemon.
 * session.check {} → session.status result, after asking the lender
 *   (GET /v1/profile; refreshes the access token if need be).
 *   R_NOT_LOGGED_IN; R_SESSION_EXPIRED when the lender refused the refresh.
 * auth.login {phone, password} → session.status result
 *   (may first emit challenge.required with purpose "login"; the call
 *   completes once the challenge is answered).  Malformed phone →
 *   R_INVALID_PHONE (nothing sent); R_WRONG_CREDENTIALS {attempts_left};
 *   R_ACCOUNT_LOCKED {until}; R_RATE_LIMITED {retry_at};
 *   R_ALREADY_LOGGED_IN; R_BUSY while another sign-in is in progress;
 *   R_CHALLENGE_EXPIRED / R_CHALLENGE_CANCELLED / R_TOO_MANY_ATTEMPTS
 *   {until} when its challenge ends so.  With must_change_password the
 *   state is "password_change" and M_NEEDS_SESSION methods answer
 *   R_PASSWORD_CHANGE_REQUIRED until auth.change_password succeeds.
 * auth.logout {} → {}  (revokes at the lender, clears the stored session
 *   even if the lender cannot be reached; R_NOT_LOGGED_IN)
 * auth.recover {phone, surname} → {sent:true}  (same answer, registered
 *   or not; R_INVALID_PHONE, R_RATE_LIMITED, R_LENDER_UNAVAILABLE)
 * auth.change_password {old_password, new_password} → {}
 *   (emits challenge.required, purpose "change_password"; while the state
 *   is "password_change" the old password may be omitted).
 *   R_WEAK_PASSWORD {rule, fields}, R_VALIDATION {fields},
 *   R_WRONG_CREDENTIALS (old password), R_BUSY, R_NOT_LOGGED_IN.
 * challenge.answer {challenge_id, code:"digits"} → {} ; the original call
 *   then completes.  Wrong code → R_WRONG_CODE {attempts_left}, the
 *   challenge stays open (never retried by the daemon); R_CHALLENGE_EXPIRED
 *   (also for an unknown id); R_TOO_MANY_ATTEMPTS {until} ends it; R_BUSY
 *   while a previous answer is being checked; R_LENDER_UNAVAILABLE leaves
 *   it open.
 * challenge.resend {challenge_id} → {resend_at, expires_at} and a fresh
 *   challenge.required; R_RESEND_TOO_EARLY {resend_at}.
 * challenge.cancel {challenge_id} → {} ; the original call fails with
 *   R_CHALLENGE_CANCELLED.
 * A challenge belongs to the connection that started its operation.  If
 * that connection goes, the challenge waits until expires_at; the next
 * connection to say hello is sent challenge.required for it and may answer.
 * At expiry the original call fails with R_CHALLENGE_EXPIRED and
 * challenge.done says "expired".
 */
#define M_HELLO			"hello"
#define M_DAEMON_PING		"daemon.ping"
#define M_SESSION_STATUS	"session.status"
#define M_SESSION_CHECK		"session.check"
#define M_AUTH_LOGIN		"auth.login"
#define M_AUTH_LOGOUT		"auth.logout"
#define M_AUTH_RECOVER		"auth.recover"
#define M_AUTH_CHANGE_PASSWORD	"auth.change_password"
#define M_CHALLENGE_ANSWER	"challenge.answer"
#define M_CHALLENGE_RESEND	"challenge.resend"
#define M_CHALLENGE_CANCEL	"challenge.cancel"

/*
 * Events (notifications from the daemon, no id).
 * lender.status {reachable:bool, retry_at|null, error:{reason,message}|null,
 *   name|null}  broadcast to every client whenever reachability or the
 *   error's reason changes; also sent to a client right after its hello
 *   (once the daemon's first check of the lender has finished).
 * session.changed {…session.status result…, reason?}  broadcast; reason
 *   R_SESSION_EXPIRED when the lender refused to refresh the session.
 * challenge.required {challenge_id, kind:"sms"|"totp", purpose,
 *   phone_masked, length:6, expires_at, resend_at, attempts_left}
 *   sent only to the connection that started the operation.
 * challenge.done {challenge_id, outcome:"ok"|"failed"|"expired"|"cancelled"}
 */
#define E_LENDER_STATUS		"lender.status"
#define E_SESSION_CHANGED	"session.changed"
#define E_CHALLENGE_REQUIRED	"challenge.required"
#define E_CHALLENGE_DONE	"challenge.done"

#endif
