/*
 * secret.h — the stored session, in the Secret Service (libsecret) or, with
 * none on the session bus (or --no-keyring), in this process's memory only.
 *
 * Schema "org.kabinet.Session", attributes "lender" (the lender's URL) and
 * "phone" (masked, "+7 9** ***-**-22": attributes are readable by any
 * program on the session bus; items are found by lender alone, and one
 * stored before with the full number is replaced at the next store).
 * Attributes are stable and not secret; the tokens
 * and their expiries live in the secret value, so a refresh replaces the
 * item instead of adding one.  Operations run one at a time, in the order
 * asked, so a clear asked after a store wins.  Every callback runs from
 * the loop, never from inside the call that asked.
 */
#ifndef SECRET_H
#define SECRET_H

#define SECRET_SCHEMA_NAME	"org.kabinet.Session"

/* available: 1 the Secret Service answers, 0 memory only. */
typedef void (*secret_ready_cb)(int available, void *arg);
/* ok: 1 done, 0 failed (then the store falls back to memory). */
typedef void (*secret_done_cb)(int ok, void *arg);
/* value: the secret (caller frees with xfree_secret()), NULL if none. */
typedef void (*secret_lookup_cb)(char *value, void *arg);

/* Finds out, without blocking, whether a Secret Service is on the
 * session bus (never asked when keyring is 0); cb once known. */
void	 secret_init(int keyring, secret_ready_cb cb, void *arg);
/* fn() whenever the keyring fails and the store falls back to memory. */
void	 secret_on_fallback(void (*fn)(void));
/* 1 keyring, 0 memory only (also while still detecting). */
int	 secret_available(void);
/* Replaces whatever is stored for lender (any phone) with value. */
void	 secret_store(const char *lender, const char *phone,
	    const char *value, secret_done_cb cb, void *arg);
void	 secret_lookup(const char *lender, secret_lookup_cb cb, void *arg);
/* Removes every item for lender; cb may be NULL. */
void	 secret_clear(const char *lender, secret_done_cb cb, void *arg);

#endif
