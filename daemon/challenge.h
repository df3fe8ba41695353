/*
 * challenge.h — pending SMS/TOTP challenges, for every operation that needs
 * a second factor (sign-in, password change, registration, loan signing,
 * cards, services, the operator desk).
 *
 * An operation whose lender request answered 202 {challenge} hands the
 * challenge here with a continuation.  The challenge is bound to the client
 * that started the operation: challenge.required goes to that client only.
 * If the client goes, the challenge waits until its expires_at for a client
 * to come back (the next connection that says hello adopts challenges that
 * belong to no live client) and is cancelled at expiry.  A wrong code is
 * reported to the answering call and never retried.
 */
#ifndef CHALLENGE_H
#define CHALLENGE_H

#include <stdint.h>
#include <jansson.h>

#include "kabinetd.h"

enum challenge_outcome {
	CHALLENGE_OK,		/* resp: the verify's 2xx answer */
	CHALLENGE_FAILED,	/* resp: the lender's refusal (too many
				   attempts, not found, ...) */
	CHALLENGE_EXPIRED,	/* resp NULL */
	CHALLENGE_CANCELLED,	/* resp NULL */
};

/* The continuation; runs exactly once, from the loop. */
typedef void (*challenge_cb)(enum challenge_outcome,
	    const struct lender_response *resp, void *arg);

#define CHALLENGE_BEARER	0x1	/* verify/resend with the session */

void	 challenge_init(void);
/* Answers call for a challenge that ended other than CHALLENGE_OK: the
 * lender's refusal through fail (which maps it to a reason), expiry, or
 * cancellation with the message `cancelled`. */
void	 challenge_call_fail(struct call *, enum challenge_outcome,
	    const struct lender_response *,
	    void (*fail)(struct call *, const struct lender_response *),
	    const char *cancelled);
/* Takes the lender's challenge object (not stolen) for client's operation
 * and emits challenge.required to that client.  -1 (cb not kept) if the
 * object is malformed. */
int	 challenge_start(uint64_t client, const json_t *lender_challenge,
	    int flags, challenge_cb cb, void *arg);
/* The lender's answer to call's operation that needs a code: a 202
 * {challenge} starts it for call's client, cb(…, call) running when it
 * ends; any other answer fails call through fail. */
void	 challenge_call_start(struct call *, const struct lender_response *,
	    int flags, challenge_cb cb,
	    void (*fail)(struct call *, const struct lender_response *));
/* The challenge.required params of client's newest pending challenge, or
 * NULL; new ref. */
json_t	*challenge_pending_json(uint64_t client);

/* challenge.answer / resend / cancel: each finishes call.  code is wiped
 * by the caller's params. */
void	 challenge_answer(struct call *, const char *id, const char *code);
void	 challenge_resend(struct call *, const char *id);
void	 challenge_cancel(struct call *, const char *id);
/* Cancels every pending challenge (log out, session gone). */
void	 challenge_cancel_all(void);

#endif
