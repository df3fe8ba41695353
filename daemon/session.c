/* session.c — the signed-in state (sign-in arrives with auth.c). */
#include "kabinet/protocol.h"
#include "kabinetd.h"

void
session_init(void)
{
}

json_t *
session_status_json(void)
{
	return json_pack("{s:s, s:o, s:s, s:n, s:n, s:b, s:n}",
	    "state", "signed_out",
	    "lender", health_json(),
	    "storage", cfg.keyring ? "keyring" : "memory",
	    "phone_masked", "name", "restricted", 0, "pending_challenge");
}

void
session_changed(void)
{
	clients_broadcast(E_SESSION_CHANGED, session_status_json());
}

int
session_signed_in(void)
{
	return 0;
}

const char *
session_refusal(void)
{
	return R_NOT_LOGGED_IN;
}
