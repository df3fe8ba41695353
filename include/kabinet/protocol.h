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
/* KB_VERSION comes from the Makefile (-DKB_VERSION), its one place. */

/* JSON-RPC 2.0 codes, and ours in the server-error range. */
#define RPC_PARSE_ERROR		-32700	/* reason "parse_error" */
#define RPC_INVALID_REQUEST	-32600	/* reason "invalid_request" */
#define RPC_METHOD_NOT_FOUND	-32601	/* reason "unknown_method" */
#define RPC_INVALID_PARAMS	-32602	/* reason "invalid_params" */
#define RPC_INTERNAL_ERROR	-32603	/* reason "internal" */
#define RPC_APP_ERROR		-32000	/* any reason below */

/* Stable error reasons (error.data.reason).  Each has its row in
 * reason.h's table (passed on from the lender or not, its words). */
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
 *   signed_in at once, then (up to 1 s) for the first health check, so
 *   it knows the lender's state; past that, lender has checking:true.
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
 * that connection goes, the challenge waits until expires_at and is every
 * connection's: each connected one is sent challenge.required for it, and
 * each that says hello later; any may answer, and the first to answer,
 * resend or cancel owns it.  So is a challenge the daemon starts on its
 * own (an application sent again from the outbox after a restart).
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

/*
 * ---- The operator desk ----
 * The operator's session is the daemon's alone: memory only (never in the
 * Secret Service), separate from the borrower's, gone when the daemon
 * stops, ended by the lender's shift limit and by inactivity (the daemon
 * keeps its own idle clock, from the lender's idle_timeout, and ends the
 * session itself).  Every operator.* method but operator.login and
 * operator.status answers R_OPERATOR_NOT_LOGGED_IN while signed out.
 *
 * operator.status {} → {signed_in:bool, login|null, name|null,
 *     role:"operator"|"supervisor"|null, shift_ends_at|null,
 *     idle_timeout:int seconds|null, idle_ends_at|null, storage:"memory"}
 * operator.login {login, password} → operator.status result; first emits
 *   challenge.required {kind:"totp", purpose:"operator_login",
 *   phone_masked:null, resend_at:null} — the code comes from the
 *   operator's authenticator app and cannot be resent.
 *   R_WRONG_CREDENTIALS {attempts_left}, R_ACCOUNT_LOCKED {until},
 *   R_TOO_MANY_ATTEMPTS {until}, R_ALREADY_LOGGED_IN, R_BUSY.
 * operator.logout {} → {}
 * operator.client.find {phone} | {contract} | {surname, birth_date} →
 *   {items:[{id, name:"Иванов И. И.", phone_masked, birth_date_masked,
 *   restricted, must_change_password}]}  (masked data only)
 *   R_INVALID_PHONE; R_VALIDATION {fields} for a bad birth date or none of
 *   the three given.
 * operator.client.get {client_id} → {client:{…as found…, identity:
 *   {verified, verified_until|null, locked_until|null},
 *   loans:[{id, contract_number, principal, term, issued_on, due_on,
 *   state, outstanding}], payments:[{id, loan_id, kind, status, amount,
 *   on_date}] (last 10), services:[{id, title, price, terms, enabled}]}}
 *   R_CLIENT_NOT_FOUND.
 * operator.identity.verify {client_id, passport_series, passport_number,
 *   birth_date} → {match:bool, verified_until?, attempts_left?,
 *   locked_until?}; the document is never returned.  Checked with
 *   passport.h and date.h first (R_VALIDATION {fields}); three mismatches
 *   in a row: R_VERIFICATION_LOCKED {until} for 30 minutes.
 * operator.phone.change {client_id, new_phone} → {changed:true, client}
 *   after challenge.required {purpose:"operator_phone"} (the SMS goes to
 *   the NEW number; the caller reads the code out).  Needs this operator's
 *   match in the last 10 minutes: R_IDENTITY_NOT_VERIFIED.
 *   R_PHONE_TAKEN, R_INVALID_PHONE.  The borrower's account is then
 *   restricted until the borrower confirms the number.
 * operator.password.reset {client_id} → {sent:true, phone_masked}
 *   (temporary password by SMS, change forced at the next sign-in);
 *   R_IDENTITY_NOT_VERIFIED.
 * operator.audit {operator?, client_id?, from?, to?, cursor?, limit?} →
 *   {items:[{id, at, operator, client_id|null, action, outcome}],
 *   next_cursor|null}, newest first; supervisors only:
 *   R_SUPERVISOR_ONLY.  from/to are dates (YYYY-MM-DD or DD.MM.YYYY);
 *   limit 1..500 rows a page (default 50); next_cursor asks for the next.
 * auth.confirm_phone {} → session.status result: the borrower confirms a
 *   number an operator set (challenge.required, purpose "confirm_phone",
 *   to that number); restricted becomes false.  While restricted, money
 *   actions answer R_ACCOUNT_RESTRICTED.
 *
 * operator.changed {…operator.status result…, reason?} broadcast when the
 *   operator session begins or ends; reason R_OPERATOR_IDLE,
 *   R_SHIFT_OVER or R_SESSION_EXPIRED (the lender refused the token).
 */
#define M_OPERATOR_STATUS	"operator.status"
#define M_OPERATOR_LOGIN	"operator.login"
#define M_OPERATOR_LOGOUT	"operator.logout"
#define M_OPERATOR_CLIENT_FIND	"operator.client.find"
#define M_OPERATOR_CLIENT_GET	"operator.client.get"
#define M_OPERATOR_IDENTITY_VERIFY "operator.identity.verify"
#define M_OPERATOR_PHONE_CHANGE	"operator.phone.change"
#define M_OPERATOR_PASSWORD_RESET "operator.password.reset"
#define M_OPERATOR_AUDIT	"operator.audit"
#define M_AUTH_CONFIRM_PHONE	"auth.confirm_phone"
#define E_OPERATOR_CHANGED	"operator.changed"
#define R_OPERATOR_NOT_LOGGED_IN "operator_not_logged_in"
#define R_OPERATOR_IDLE		"operator_idle"
#define R_SHIFT_OVER		"shift_over"
#define R_CLIENT_NOT_FOUND	"client_not_found"
#define R_IDENTITY_NOT_VERIFIED	"identity_not_verified"
#define R_VERIFICATION_LOCKED	"verification_locked"	/* data.until */
#define R_PHONE_TAKEN		"phone_taken"
#define R_SUPERVISOR_ONLY	"supervisor_only"
#define R_WRONG_ROLE		"wrong_role"
#define R_ACCOUNT_RESTRICTED	"account_restricted"

/*
 * Cards, payments, history, services, extensions.  Amounts are
 * integer kopecks; payment.make also takes a string ("1 500,50").
 *
 * card.list {} → {items:[{id, brand, first6, last4, holder, exp_month,
 *   exp_year, default}]}
 * card.add {pan, expiry:"MM/YY", holder} → {card} after challenge.required
 *   {purpose:"card_link"} (3-D Secure stand-in).  The PAN is checked here
 *   (R_VALIDATION fields pan/expiry/holder), sent once and wiped; it is
 *   never logged, stored or put in the outbox.  R_HOLDER_MISMATCH: the
 *   holder is not the borrower.
 * card.remove {card_id} → {}   R_CARD_NOT_FOUND, R_CARD_IN_USE.
 * card.default {card_id} → {card}
 * loan.due {loan_id?} → {loan, due_today:{overdue_interest,
 *   overdue_principal, penalty, interest, principal, total}}; without
 *   loan_id the open loan's, or {loan:null} when there is none.
 * payment.make {loan_id, amount, card_id} → receipt {payment, split,
 *   loan, due_today, schedule:[{date, amount}], psk?, psk_milli?}.
 *   Written to the outbox (key and request, no secrets) before it is
 *   sent and resent with the same Idempotency-Key until the lender
 *   answers: one payment, never two, never none.  If the answer does not
 *   come within a few tries the call answers R_PAYMENT_PENDING {key} and
 *   payment.updated tells the outcome later.  R_VALIDATION {fields}
 *   (amount: invalid_amount, too_small, over_due), R_LOAN_CLOSED.
 *   While an identical request (same loan, same amount or days) waits
 *   unsettled in the outbox, R_PAYMENT_UNSETTLED {pending:[{key, kind,
 *   amount?, days?, created_at, tries}]} refuses a second one unless
 *   params carry confirm_duplicate: true (the user, told of the first,
 *   means to pay twice).
 * loan.extension_terms {loan_id} → {allowed, limit_per_year,
 *   used_this_year, max_days, to_pay, interest_per_day, rate_bp_per_day}
 * loan.extend {loan_id, days, card_id} → {payment, interest_charged, loan,
 *   schedule, extensions_left}; outbox-backed like payment.make.
 *   R_EXTENSION_LIMIT (5 in 365 days), R_EXTENSION_NOT_ALLOWED,
 *   R_EXTENSION_TOO_EARLY (the day of issue), R_PSK_OVER_CAP.
 * payment.history {cursor?, limit?, from?, to?, kind?, q?} → {items:[{id,
 *   loan_id, kind, status, amount, card, description, split, date, at}],
 *   next_cursor|null}, newest first, limit 1..500.
 * service.list {} → {items:[{id, title, price, terms, enabled}],
 *   charges_cap_percent, enabled_cost}
 * service.set {service_id, enabled} → {service, items} after
 *   challenge.required {purpose:"service"}.  R_CHARGES_CAP.
 * outbox.list {} → {items:[{key, kind, path, loan_id?, amount?, days?,
 *   created_at, tries}]}: what is still to be settled (kind "payment",
 *   "extension" or "application"; loan_id for the first two).
 *
 * payment.updated {key?, kind, state:"succeeded"|"refused", payment?,
 *   loan?, sbp?, reason?} broadcast when an outbox entry settles (kind
 *   "sbp": the link was made, sbp is the link); the lender's own
 *   payment.updated {kind:"payment", state, payment (card null)} when
 *   the money of a СБП link is credited.  An outbox entry's whose caller
 *   was gone (a restart, a kill before the answer left) is sent again to
 *   each client of that borrower at hello for 24 h.
 *
 * payment.sbp.create {loan_id, amount, confirm_duplicate?} -> {sbp: {id,
 *   loan_id, qrc_id, url, amount, currency, payee: {name, inn, bank},
 *   status:"pending", late, created_at, expires_at, refunded, payment}}
 *   A СБП (Faster Payments) payment link for the amount, made through
 *   the outbox (kind "sbp") as payment.make is, so a crash never makes
 *   two; the same errors (R_PAYMENT_PENDING, R_PAYMENT_UNSETTLED,
 *   validation of amount).
 *   A link for the same amount to the loan still pending at the lender
 *   is answered again, {sbp, reopened: true}, not made a second time
 *   (confirm_duplicate makes a new one whatever waits).
 * payment.sbp.get {sbp_id} -> {sbp} (R_SBP_NOT_FOUND).
 * payment.sbp.list {loan_id} -> {items:[sbp]}: the loan's links still
 *   pending, newest first (a borrower who left one has it back).
 * sbp.updated {sbp} from the lender: the link was paid (sbp.payment is
 *   the credited payment with its split; late when after the expiry),
 *   refused or expired.
 */
#define M_CARD_LIST		"card.list"
#define M_CARD_ADD		"card.add"
#define M_CARD_REMOVE		"card.remove"
#define M_CARD_DEFAULT		"card.default"
#define M_LOAN_DUE		"loan.due"
#define M_LOAN_EXTENSION_TERMS	"loan.extension_terms"
#define M_LOAN_EXTEND		"loan.extend"
#define M_PAYMENT_MAKE		"payment.make"
#define M_PAYMENT_HISTORY	"payment.history"
#define M_SERVICE_LIST		"service.list"
#define M_SERVICE_SET		"service.set"
#define M_OUTBOX_LIST		"outbox.list"
#define E_PAYMENT_UPDATED	"payment.updated"
#define M_PAYMENT_SBP_CREATE	"payment.sbp.create"
#define M_PAYMENT_SBP_GET	"payment.sbp.get"
#define M_PAYMENT_SBP_LIST	"payment.sbp.list"
#define E_SBP_UPDATED		"sbp.updated"
#define R_SBP_NOT_FOUND		"sbp_not_found"
#define R_PAYMENT_PENDING	"payment_pending"	/* data.key */
#define R_PAYMENT_UNSETTLED	"payment_unsettled"	/* data.pending */
#define R_HOLDER_MISMATCH	"holder_mismatch"
#define R_CARD_NOT_FOUND	"card_not_found"
#define R_CARD_IN_USE		"card_in_use"
#define R_LOAN_NOT_FOUND	"loan_not_found"
#define R_LOAN_CLOSED		"loan_closed"
#define R_EXTENSION_LIMIT	"extension_limit"
#define R_EXTENSION_NOT_ALLOWED	"extension_not_allowed"
#define R_CHARGES_CAP		"charges_cap"
#define R_EXTENSION_TOO_EARLY	"extension_too_early"	/* issued today */
#define R_PSK_OVER_CAP		"psk_over_cap"	/* over 292 % or the caps */
#define R_TERMS_NOT_CHECKED	"terms_not_checked"	/* loan.terms first */
#define R_SERVICE_NOT_FOUND	"service_not_found"

/*
 * ---- Borrowing ----
 * products.get {} → the lender's {items:[product]} (GET /v1/products).
 * calc.quote {product?="payday", amount, term} → {product, amount, term,
 *   rate_bp_per_day, interest, charges, total, overpayment, issued_on,
 *   due_on, psk:"292.000", psk_milli, checked, warnings:[{code, …}]}.
 *   Computed with lib/calc.h from the product, then compared with the
 *   lender's GET /v1/quote; warnings, never hidden: over_rate_cap,
 *   over_psk_cap, over_charges_cap, charges_capped (interest cut to the
 *   100 % cap), lender_mismatch {field, ours, lender}, lender_refused
 *   {detail}, not_checked (the lender did not answer: checked false).
 *   R_VALIDATION {fields: amount|term out_of_range|bad_step};
 *   R_PRODUCT_NOT_FOUND; R_LENDER_UNAVAILABLE before products are known.
 * loan.terms {product?, amount, term, card_id} → {id:"loan_terms", title,
 *   version, sha256, text, quote}: the individual terms to show before
 *   signing.  The daemon computes the figures itself and refuses terms
 *   over the legal caps (ПСК 292 %, 0.8 % a day, charges 100 %) or
 *   whose ПСК differs from its own: R_PSK_OVER_CAP {ours, lender}.
 *   cap_over_law in calc.quote's warnings: the product claims a charges
 *   cap above the law's.
 * loan.apply {product?, amount, term, card_id, document_sha256}: only
 *   terms this daemon has shown and checked (loan.terms) can be signed,
 *   else R_TERMS_NOT_CHECKED.  Then the
 *   Idempotency-Key and request go to the outbox
 *   ($XDG_STATE_HOME/kabinet/outbox/KEY.json, kind "application") first;
 *   challenge.required {purpose:"application"} goes to the caller; once
 *   the code is accepted → {application} (state submitted).  A loan.apply
 *   with the same request while one is unsettled reuses its key; a daemon
 *   restarted with one in the outbox sends it again.  Lender refusals come
 *   as R_LENDER_ERROR {code: loan_active | application_open |
 *   document_changed | pep_not_accepted}, R_VALIDATION {fields} or
 *   R_ACCOUNT_RESTRICTED (a new phone number not yet confirmed).
 * loan.list {} → {loans:[loan], applications:[application]} newest first.
 * loan.get {id} → {loan}; R_LOAN_NOT_FOUND.
 * Events, to every client, from the lender's stream while signed in:
 *   application.updated {application}, loan.updated {loan}.
 */
#define M_PRODUCTS_GET		"products.get"
/* support.get {} → the lender's contacts (GET /v1/support): {phone, email,
 *   hours:{from, to, time_zone}, regulator:{phone, url}}. */
#define M_SUPPORT_GET		"support.get"
#define M_CALC_QUOTE		"calc.quote"
#define M_LOAN_TERMS		"loan.terms"
#define M_LOAN_APPLY		"loan.apply"
#define M_LOAN_LIST		"loan.list"
#define M_LOAN_GET		"loan.get"
#define E_APPLICATION_UPDATED	"application.updated"
#define E_LOAN_UPDATED		"loan.updated"
#define R_PRODUCT_NOT_FOUND	"product_not_found"

/*
 * Registration and Gosuslugi.
 * register.start {phone} → challenge.required {purpose:"register"} to the
 *   caller; once answered → {registration}.  The registration's id (not
 *   secret, no personal data) is kept in $XDG_STATE_HOME/kabinet/
 *   registration.  R_INVALID_PHONE; R_ALREADY_LOGGED_IN.  A phone
 *   that has an account is answered the same way; its SMS tells the
 *   owner to sign in or recover the password (and carries no code).
 * register.status {} → {registration|null}: where a registration left
 *   half-way stands (also after a daemon restart).
 * register.profile {surname, name, patronymic?, birth_date,
 *   passport_series, passport_number, passport_issued_on, division_code,
 *   address, email, income, esia_session?} → {registration}.  Checked
 *   with libkabinet's validators first (R_VALIDATION {fields}, nothing
 *   sent; birth_date too_young under PERSONAL_MIN_AGE); the lender's own
 *   field errors come back the same way.
 * register.consents {accepted:[{document, version}]} → {registration}.
 * register.document {id} → {id, title, version, sha256, text}.
 * register.terms {application:{product, amount, term}} → {id, title,
 *   version, sha256, text}: the individual terms of the application the
 *   registration makes, to show before they are signed.
 * register.complete {password, application:{product, amount, term,
 *   document_sha256}, phone?} → {session, application}: document_sha256
 *   is register.terms' sha256 (the lender refuses any other: 409
 *   document_changed); signed in, then challenge.required
 *   {purpose:"application"} to the caller: a code sent for the loan's
 *   terms signs the application (never the code that verified the
 *   phone); the answer comes once it is given (phone is needed only
 *   after a daemon restart).  R_WEAK_PASSWORD; R_NO_REGISTRATION.
 * auth.gosuslugi.start {purpose:"login"|"registration"} → {id, url,
 *   verification_uri, user_code, expires_at, interval}: a device
 *   authorization (RFC 8628) whose secret device code only the daemon
 *   holds; url is verification_uri with the user code in it (the QR
 *   code).  The daemon polls the lender every interval (slow_down
 *   lengthens it) and sends the caller auth.gosuslugi.done {id, purpose,
 *   outcome: approved | denied | expired | no_account | consumed | failed
 *   | already_signed_in | cancelled, prefill?}.  One flow per purpose: a
 *   new start cancels the running one; a flow ends with its client.
 *   R_INVALID_PARAMS for a bad purpose, R_BUSY while a start of the same
 *   purpose waits for the lender.  register.profile's esia_session is the
 *   id of an approved registration flow.  For
 *   login, approved means signed in (session.changed follows); for
 *   registration, prefill holds the verified person (surname, name,
 *   patronymic, birth_date, passport_*, division_code, verified:true).
 */
#define M_REGISTER_START	"register.start"
#define M_REGISTER_STATUS	"register.status"
#define M_REGISTER_PROFILE	"register.profile"
#define M_REGISTER_CONSENTS	"register.consents"
#define M_REGISTER_DOCUMENT	"register.document"
#define M_REGISTER_TERMS	"register.terms"
#define M_REGISTER_COMPLETE	"register.complete"
#define M_AUTH_GOSUSLUGI_START	"auth.gosuslugi.start"
#define E_GOSUSLUGI_DONE	"auth.gosuslugi.done"
#define R_NO_REGISTRATION	"no_registration"

/*
 * documents.list → {items:[{id, kind:"consent"|"signature", document_id,
 *   title, version, signed_at, sha256, application_id?}]}: every document
 *   the borrower accepted or signed, oldest first.
 * documents.get {id} → the item and its exact text; the client checks
 *   that the text's SHA-256 is sha256.  Fails R_DOCUMENT_NOT_FOUND or
 *   R_TEXT_NOT_KEPT.
 */
#define M_DOCUMENTS_LIST	"documents.list"
#define M_DOCUMENTS_GET		"documents.get"
#define R_DOCUMENT_NOT_FOUND	"document_not_found"
#define R_TEXT_NOT_KEPT		"text_not_kept"

/*
 * Notifications: the lender's messages, kept by the lender as an inbox.
 * notifications.list {cursor?, limit? 1-100, unread?: bool} → {items:[{id,
 *   kind, args, title:{ru, en}, text:{ru, en}, created_at, read}], unread,
 *   total, next_cursor} newest first (GET /v1/account/notifications).
 * notifications.read {id} → {notification, unread};
 *   {all: true, up_to?: id} → {marked, unread}: every one up to up_to
 *   (what the reader has seen), or all.  R_NOTIFICATION_NOT_FOUND.
 * account.summary {} → {state, known, unread, newest, loan}: answered from
 *   the daemon's state, which the lender's event stream keeps fresh, so it
 *   costs no lender request (the first after sign-in waits for the
 *   daemon's one look at the loans and the inbox).  loan is the open loan
 *   {id, contract_number, state: active | overdue, due_on, total_due} or
 *   null; newest the newest message or null; known false (unread and loan
 *   null) while the lender could not be asked.
 * Events, to every client: notification.created {notification, unread}
 *   for each new message (also shown as a desktop notification where a
 *   session bus offers org.freedesktop.Notifications); notifications.changed
 *   {unread, newest} when messages were read (here or elsewhere).
 */
#define M_NOTIFICATIONS_LIST	"notifications.list"
#define M_NOTIFICATIONS_READ	"notifications.read"
#define M_ACCOUNT_SUMMARY	"account.summary"
#define E_NOTIFICATION_CREATED	"notification.created"
#define E_NOTIFICATIONS_CHANGED	"notifications.changed"
#define R_NOTIFICATION_NOT_FOUND "notification_not_found"

/*
 * Autopay: the borrower's separate consent to a charge of the default
 * card on the loan's due date.
 *
 * autopay.status {} → {autopay:{enabled, changed_at, card|null,
 *   next_charge:{loan_id, due_on, amount, attempt, retry_at}|null,
 *   document:{id, title, version, sha256}}}
 * autopay.consent {} → {id, title, version, sha256, text}: the consent's
 *   text, to be shown before it is signed.
 * autopay.on {document_sha256} → {autopay} after challenge.required
 *   {purpose:"autopay"}: the consent whose text has that SHA-256 is
 *   signed with the SMS code.  R_DOCUMENT_CHANGED (the lender's text is
 *   another), R_NO_CARD.
 * autopay.off {} → {autopay}: a withdrawal, at once, no code.
 *
 * autopay.updated {result:"charged"|"failed", loan_id, due_on, attempt,
 *   amount, card, payment_id|null, reason:"card_declined"|"no_card"|null,
 *   retry_at|null} broadcast when the lender has tried a charge; retry_at
 *   is when it tries again (null: it will not).
 */
#define M_AUTOPAY_STATUS	"autopay.status"
#define M_AUTOPAY_CONSENT	"autopay.consent"
#define M_AUTOPAY_ON		"autopay.on"
#define M_AUTOPAY_OFF		"autopay.off"
#define E_AUTOPAY_UPDATED	"autopay.updated"
#define R_DOCUMENT_CHANGED	"document_changed"
#define R_NO_CARD		"no_card"

/*
 * Appeals (обращения): the borrower writes to the lender; the support desk
 * answers.  An appeal is {id, number, subject, text, status:"new"|
 * "in_work"|"answered"|"closed", created_at, due_on, overdue, answer,
 * answered_at, closed_at}; subjects and limits are kabinet/appeal.h's.
 *
 * appeal.list {} → {items:[appeal]} newest first.
 * appeal.get {id} → {appeal}.  R_APPEAL_NOT_FOUND (also another's).
 * appeal.create {subject, text} → {appeal}.  R_VALIDATION {fields}
 *   (subject: required, invalid; text: required, too_long, invalid),
 *   checked before anything is sent.
 * appeal.updated {appeal} broadcast when the lender changes one (live
 *   changes only: a session catching up does not replay old ones).
 *
 * operator.appeal.queue {} → {items:[appeal + client_id, client_name,
 *   operator, identity_required]} open ones, overdue first.
 * operator.appeal.get {id} → {appeal, client}: the client's loans only
 *   after operator.identity.verify where identity_required.
 * operator.appeal.take {id}, operator.appeal.answer {id, text},
 *   operator.appeal.close {id} → {appeal}.  R_APPEAL_TAKEN,
 *   R_APPEAL_CLOSED, R_APPEAL_NOT_TAKEN, R_APPEAL_NOT_ANSWERED,
 *   R_APPEAL_ANSWERED, R_IDENTITY_NOT_VERIFIED, R_VALIDATION {fields}.
 */
#define M_APPEAL_LIST		"appeal.list"
#define M_APPEAL_GET		"appeal.get"
#define M_APPEAL_CREATE		"appeal.create"
#define E_APPEAL_UPDATED	"appeal.updated"
#define M_OPERATOR_APPEAL_QUEUE	"operator.appeal.queue"
#define M_OPERATOR_APPEAL_GET	"operator.appeal.get"
#define M_OPERATOR_APPEAL_TAKE	"operator.appeal.take"
#define M_OPERATOR_APPEAL_ANSWER "operator.appeal.answer"
#define M_OPERATOR_APPEAL_CLOSE	"operator.appeal.close"
#define R_APPEAL_NOT_FOUND	"appeal_not_found"
#define R_APPEAL_TAKEN		"appeal_taken"
#define R_APPEAL_CLOSED		"appeal_closed"
#define R_APPEAL_NOT_TAKEN	"appeal_not_taken"
#define R_APPEAL_NOT_ANSWERED	"appeal_not_answered"
#define R_APPEAL_ANSWERED	"appeal_answered"

/*
 * profile.get {} → {profile:{surname, name, patronymic, birth_date,
 *   passport_masked, snils_masked, inn_masked, registration_address,
 *   postal_address, email, phone_masked}}: what the lender holds (GET
 *   /v1/account/profile); document numbers come masked from the lender,
 *   null for what it does not hold (a null postal_address: the
 *   registration address is the postal one).
 * profile.update {email?, postal_address?} → {profile} once the SMS code
 *   confirms it (challenge.required {purpose:"profile"} first; a wrong
 *   code changes nothing).  Checked here first (lib/personal.c), nothing
 *   sent on a bad value: R_VALIDATION with fields [{field, reason}],
 *   reasons invalid_email, too_long, too_short, invalid_address,
 *   invalid_type, and the lender's unchanged; phone (or any other member)
 *   not_changeable: support changes the phone after a passport check.
 *   R_INVALID_PARAMS with neither member; R_ACCOUNT_RESTRICTED while a new
 *   phone is not confirmed.
 */
#define M_PROFILE_GET		"profile.get"
#define M_PROFILE_UPDATE	"profile.update"

#endif
