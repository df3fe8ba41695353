/* config.c — kabinet-sandbox's settings and the big lock. */
#include <pthread.h>

#include "sandbox.h"

struct sb_config sb_cfg;

static pthread_mutex_t sb_mutex = PTHREAD_MUTEX_INITIALIZER;

void
config_defaults(struct sb_config *c)
{
	c->listen = "127.0.0.1:8443";
	c->port_file = NULL;
	c->cert = c->key = NULL;
	c->http = 0;
	c->db = ":memory:";
	c->sms_outbox = NULL;
	c->access_ttl = 900;
	c->refresh_ttl = 30L * 24 * 3600;
	c->seed = 1;
	c->sandbox_api = 1;
	c->verbose = 0;
	c->operator_shift = 8L * 3600;
	c->operator_idle = 15L * 60;
}

void
sb_lock(void)
{
	pthread_mutex_lock(&sb_mutex);
}

void
sb_unlock(void)
{
	pthread_mutex_unlock(&sb_mutex);
}

int
sb_timedwait(pthread_cond_t *cond, const struct timespec *abstime)
{
	return pthread_cond_timedwait(cond, &sb_mutex, abstime);
}
