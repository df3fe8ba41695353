/*
 * reason.h — every error reason (error.data.reason, protocol.h's R_*) in
 * one table: whether the daemon passes it on when the lender refuses with
 * that code, and its words for the user.  Every list of reasons is
 * derived from KB_REASONS: the daemon's mapping of a lender's refusal
 * (session_call_fail), the TUI's text (tui/reasons.c), the tests' walk
 * from the lender to the screen (tests/tools/reasons.c).
 *
 * A new reason: its R_ in protocol.h (with the data that goes with it),
 * one row here, its Russian in po/ru.po.  test_reason checks that every
 * R_ of protocol.h has a row.
 */
#ifndef KABINET_REASON_H
#define KABINET_REASON_H

#include "kabinet/i18n.h"
#include "kabinet/protocol.h"

/* Not on the wire: the client's own, when its connection to the daemon
 * went. */
#define R_DAEMON_GONE		"daemon_gone"

enum reason_from {
	REASON_DAEMON,	/* the daemon's own; a lender's code of this name
			   becomes lender_error {code} */
	REASON_LENDER,	/* the lender's code of this name is passed on */
	REASON_LINK,	/* the daemon's word on the lender link (lender.c),
			   passed on like REASON_LENDER */
	REASON_CLIENT,	/* the client's own, never from the daemon */
};

/* X(wire string, enum reason_from, N_(text)) */
#define KB_REASONS(X) \
	X(R_PARSE_ERROR, REASON_DAEMON, \
	    N_("The daemon could not read the request")) \
	X(R_INVALID_REQUEST, REASON_DAEMON, \
	    N_("The daemon refused a malformed request")) \
	X(R_UNKNOWN_METHOD, REASON_DAEMON, \
	    N_("The daemon does not know this request; is it older than " \
	    "kabinet?")) \
	X(R_INVALID_PARAMS, REASON_DAEMON, \
	    N_("The daemon refused the request's parameters")) \
	X(R_INTERNAL, REASON_DAEMON, \
	    N_("Internal error in the daemon")) \
	X(R_HELLO_REQUIRED, REASON_DAEMON, \
	    N_("The daemon was not greeted first")) \
	X(R_PROTOCOL_MISMATCH, REASON_DAEMON, \
	    N_("The daemon speaks another protocol version; restart it")) \
	X(R_LINE_TOO_LONG, REASON_DAEMON, \
	    N_("A message to the daemon was too long")) \
	X(R_INVALID_PHONE, REASON_LENDER, \
	    N_("Not a Russian mobile number")) \
	X(R_WRONG_CREDENTIALS, REASON_LENDER, \
	    N_("Wrong phone number or password")) \
	X(R_ACCOUNT_LOCKED, REASON_LENDER, \
	    N_("The account is locked after too many failed sign-ins")) \
	X(R_CHALLENGE_EXPIRED, REASON_LENDER, \
	    N_("The code has expired")) \
	X(R_CHALLENGE_CANCELLED, REASON_DAEMON, \
	    N_("Cancelled")) \
	X(R_WRONG_CODE, REASON_LENDER, \
	    N_("Wrong code")) \
	X(R_TOO_MANY_ATTEMPTS, REASON_LENDER, \
	    N_("Too many wrong codes")) \
	X(R_RESEND_TOO_EARLY, REASON_LENDER, \
	    N_("A new code cannot be sent yet")) \
	X(R_RATE_LIMITED, REASON_LENDER, \
	    N_("Too many requests; try again later")) \
	X(R_LENDER_UNAVAILABLE, REASON_LINK, \
	    N_("The lender cannot be reached; try again later")) \
	X(R_LENDER_INVALID, REASON_LINK, \
	    N_("The lender sent an answer kabinet cannot read")) \
	X(R_LENDER_ERROR, REASON_LINK, \
	    N_("The lender reported an error")) \
	X(R_TLS_ERROR, REASON_LINK, \
	    N_("The lender's certificate could not be verified")) \
	X(R_NOT_LOGGED_IN, REASON_LENDER, \
	    N_("You are not signed in")) \
	X(R_ALREADY_LOGGED_IN, REASON_DAEMON, \
	    N_("You are already signed in")) \
	X(R_SESSION_EXPIRED, REASON_LENDER, \
	    N_("Your session has expired; sign in again")) \
	X(R_PASSWORD_CHANGE_REQUIRED, REASON_LENDER, \
	    N_("Change your password first")) \
	X(R_WEAK_PASSWORD, REASON_LENDER, \
	    N_("The new password is too weak")) \
	X(R_VALIDATION, REASON_LENDER, \
	    N_("Some fields are not filled in correctly")) \
	X(R_BUSY, REASON_LENDER, \
	    N_("Another such operation is in progress; wait for it")) \
	X(R_DAEMON_GONE, REASON_CLIENT, \
	    N_("The connection to the daemon was lost")) \
	/* the operator desk */ \
	X(R_OPERATOR_NOT_LOGGED_IN, REASON_DAEMON, \
	    N_("No operator is signed in")) \
	X(R_OPERATOR_IDLE, REASON_DAEMON, \
	    N_("Signed out after too long without work")) \
	X(R_SHIFT_OVER, REASON_DAEMON, \
	    N_("The shift is over")) \
	X(R_CLIENT_NOT_FOUND, REASON_LENDER, \
	    N_("No such client")) \
	X(R_IDENTITY_NOT_VERIFIED, REASON_LENDER, \
	    N_("Verify the caller's identity first; a check is good for 10 " \
	    "minutes")) \
	X(R_VERIFICATION_LOCKED, REASON_LENDER, \
	    N_("Identity checks for this client are locked after three " \
	    "mismatches")) \
	X(R_PHONE_TAKEN, REASON_LENDER, \
	    N_("That number belongs to another account")) \
	X(R_SUPERVISOR_ONLY, REASON_LENDER, \
	    N_("Only a supervisor may do this")) \
	X(R_WRONG_ROLE, REASON_LENDER, \
	    N_("This account may not do this")) \
	X(R_ACCOUNT_RESTRICTED, REASON_LENDER, \
	    N_("Confirm your new phone number first")) \
	/* payments, cards, extensions */ \
	X(R_PAYMENT_PENDING, REASON_DAEMON, \
	    N_("The lender has not answered yet; the payment is kept and " \
	    "sent again until it does")) \
	X(R_PAYMENT_UNSETTLED, REASON_DAEMON, \
	    N_("The same payment was made before and the lender has not " \
	    "confirmed it yet; paying again would pay twice")) \
	X(R_HOLDER_MISMATCH, REASON_LENDER, \
	    N_("The card's holder is not you: only a card in your own name, " \
	    "as in your passport, can be linked")) \
	X(R_CARD_NOT_FOUND, REASON_LENDER, \
	    N_("No such card")) \
	X(R_CARD_IN_USE, REASON_LENDER, \
	    N_("The loan was paid out to this card; it can be removed once " \
	    "the loan is repaid")) \
	X(R_LOAN_NOT_FOUND, REASON_LENDER, \
	    N_("No such loan")) \
	X(R_LOAN_CLOSED, REASON_LENDER, \
	    N_("The loan is already repaid")) \
	X(R_SBP_NOT_FOUND, REASON_LENDER, \
	    N_("No such СБП payment")) \
	X(R_EXTENSION_LIMIT, REASON_LENDER, \
	    N_("The loan has been extended 5 times this year, the most the " \
	    "law allows")) \
	X(R_EXTENSION_NOT_ALLOWED, REASON_LENDER, \
	    N_("This loan cannot be extended")) \
	X(R_CHARGES_CAP, REASON_LENDER, \
	    N_("That would take the loan's charges over the amount " \
	    "borrowed, the legal cap")) \
	X(R_SERVICE_NOT_FOUND, REASON_LENDER, \
	    N_("No such service")) \
	X(R_EXTENSION_TOO_EARLY, REASON_LENDER, \
	    N_("The loan was issued today: repay it today without interest, " \
	    "or extend it from tomorrow")) \
	X(R_PSK_OVER_CAP, REASON_LENDER, \
	    N_("The full cost of this loan would be above the legal cap of " \
	    "292 percent a year: it cannot be signed")) \
	X(R_TERMS_NOT_CHECKED, REASON_DAEMON, \
	    N_("Show the loan terms before signing them")) \
	/* lending and registration */ \
	X(R_PRODUCT_NOT_FOUND, REASON_DAEMON, \
	    N_("The lender has no such loan product")) \
	X(R_NO_REGISTRATION, REASON_DAEMON, \
	    N_("No registration in progress; start again from your phone " \
	    "number")) \
	/* My documents */ \
	X(R_DOCUMENT_NOT_FOUND, REASON_LENDER, \
	    N_("No such document")) \
	X(R_TEXT_NOT_KEPT, REASON_LENDER, \
	    N_("The lender no longer keeps this document's text")) \
	/* Appeals */ \
	X(R_APPEAL_NOT_FOUND, REASON_LENDER, \
	    N_("No such appeal")) \
	X(R_APPEAL_TAKEN, REASON_LENDER, \
	    N_("Another operator has taken this appeal")) \
	X(R_APPEAL_CLOSED, REASON_LENDER, \
	    N_("The appeal is closed")) \
	X(R_APPEAL_NOT_TAKEN, REASON_LENDER, \
	    N_("Take the appeal first")) \
	X(R_APPEAL_NOT_ANSWERED, REASON_LENDER, \
	    N_("Answer the appeal before closing it")) \
	X(R_APPEAL_ANSWERED, REASON_LENDER, \
	    N_("The appeal is answered already")) \
	/* Notifications */ \
	X(R_NOTIFICATION_NOT_FOUND, REASON_LENDER, \
	    N_("No such message")) \
	/* autopay */ \
	X(R_DOCUMENT_CHANGED, REASON_LENDER, \
	    N_("The document has changed since it was shown; read it again")) \
	X(R_NO_CARD, REASON_LENDER, \
	    N_("Link a card first"))

/* The lender's codes the daemon renames: X(lender's code, wire reason). */
#define KB_REASON_ALIASES(X) \
	X("invalid_token", R_SESSION_EXPIRED) \
	X("challenge_not_found", R_CHALLENGE_EXPIRED)

struct reason {
	const char		*wire;
	enum reason_from	 from;
	const char		*text;	/* N_(): translate with _() */
};

/* Every row of KB_REASONS, in order, then { NULL }. */
extern const struct reason reason_table[];

/* The row of a wire reason, or NULL. */
const struct reason *reason_find(const char *wire);
/*
 * The reason the daemon answers when the lender refused with code (NULL:
 * none, or the lender link's own verdict from lender.c): an alias renamed,
 * a REASON_LENDER or REASON_LINK reason as it is, else NULL (the caller
 * answers R_LENDER_ERROR with the code in data.code).
 */
const char *reason_of_lender(const char *code);

#endif
