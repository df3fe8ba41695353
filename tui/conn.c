/*
 * conn.c — the connection to kabinetd: hello, requests with callbacks by
 * id, notifications, reconnecting with backoff when the daemon goes, and
 * starting the daemon when none answers (as tmux and gpg-agent do).
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/i18n.h"
#include "kabinet/protocol.h"
#include "kabinet/reason.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define CONN_START_WAIT_MS	5000	/* for a daemon we started */
#define CONN_BACKOFF_MIN_MS	200
#define CONN_BACKOFF_MAX_MS	2000
#define CONN_RESPAWN_MS		10000	/* down this long: start it again */

/* A request of the TUI's: the library's pending record first. */
struct pending {
	struct client_pending	 base;
	conn_cb			 cb;
	struct screen		*screen;
};

enum conn_state	 conn_state = CONN_DOWN;
char		*conn_daemon_version;
json_t		*conn_status;
const char	*conn_error;

static struct client_conn conn_cc = { .fd = -1 };
static char		*conn_path;
static int		 conn_may_start;
static long long	 conn_retry_at = -1;
static long long	 conn_started_at = -1, conn_down_since = -1;
static int		 conn_start_step = 2;	/* ms, doubling */
static int		 conn_backoff = CONN_BACKOFF_MIN_MS;

static void	conn_try(void);
static void	conn_notify(struct client_conn *, const char *, json_t *);

static long long
conn_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
conn_fd(void)
{
	return conn_cc.fd;
}

short
conn_events(void)
{
	return POLLIN | (conn_cc.codec.out.len > 0 ? POLLOUT : 0);
}

int
conn_timeout(void)
{
	long long	d;

	if (conn_cc.fd != -1 || conn_retry_at < 0 || conn_state == CONN_FAILED)
		return -1;
	d = conn_retry_at - conn_now();
	return d < 0 ? 0 : (int)d;
}

const char *
conn_state_str(void)
{
	return jstr_null(conn_status, "state");
}

json_t *
conn_lender(void)
{
	json_t	*v;

	if (conn_status == NULL)
		return NULL;
	v = json_object_get(conn_status, "lender");
	return json_is_object(v) ? v : NULL;
}

void
conn_forget(struct screen *s)
{
	struct client_pending	*cp;
	struct pending		*p;

	if (s == NULL)
		return;
	/* The answer still arrives; it just has nobody to go to. */
	for (cp = conn_cc.pending; cp != NULL; cp = cp->next) {
		p = (struct pending *)cp;
		if (p->screen == s) {
			p->screen = NULL;
			p->cb = NULL;
		}
	}
	s->busy = 0;
	ui_dirty = 1;
}

/* Every request of ours ends here: answered, or failed when the daemon
 * went. */
static void
conn_done(struct client_pending *cp, json_t *result, json_t *error)
{
	struct pending	*p = (struct pending *)cp;

	if (p->screen != NULL && p->screen->busy > 0)
		p->screen->busy--;
	if (p->cb != NULL)
		p->cb(p->screen, result, error);
	free(p);
	ui_dirty = 1;
}

int
conn_request(const char *method, json_t *params, conn_cb cb,
    struct screen *s)
{
	struct pending	*p;

	if (conn_cc.fd == -1 || (conn_state != CONN_READY &&
	    strcmp(method, M_HELLO) != 0)) {
		json_decref_wipe(params);
		return -1;
	}
	p = xcalloc(1, sizeof *p);
	p->base.done = conn_done;
	p->cb = cb;
	p->screen = s;
	if (s != NULL && s->busy++ == 0)
		s->busy_since = conn_now();
	(void)client_conn_request(&conn_cc, &p->base, method, params);
	ui_dirty = 1;
	return 0;
}

static void
conn_schedule(int ms)
{
	conn_retry_at = conn_now() + ms;
}

/* The daemon went: fail what was in flight and start reconnecting. */
static void
conn_lost(void)
{
	conn_state = CONN_RECONNECTING;
	conn_error = NULL;
	conn_down_since = conn_now();
	conn_backoff = CONN_BACKOFF_MIN_MS;
	conn_schedule(conn_backoff);
	client_conn_close(&conn_cc);
	ui_event("conn.lost", NULL);
	ui_dirty = 1;
}

void
conn_status_route(json_t *status, const char *reason)
{
	json_decref(conn_status);
	conn_status = json_deep_copy(status);
	route_status(conn_status, reason);
}

void
conn_status_answer(struct screen *s, json_t *result, json_t *error)
{
	(void)s;
	if (error == NULL && json_is_object(result))
		conn_status_route(result, NULL);
}

static void
conn_status_cb(struct screen *s, json_t *result, json_t *error)
{
	if (error != NULL || !json_is_object(result))
		return;
	conn_status_answer(s, result, error);
	ui_event(E_SESSION_CHANGED, conn_status);
}

static void
conn_hello_cb(struct screen *s, json_t *result, json_t *error)
{
	json_t	*v;

	(void)s;
	if (error != NULL) {
		const char *r = reasons_of(error);

		if (r != NULL && strcmp(r, R_DAEMON_GONE) == 0)
			return;
		conn_state = CONN_FAILED;
		conn_error = reasons_text(r);
		client_conn_close(&conn_cc);
		ui_dirty = 1;
		return;
	}
	free(conn_daemon_version);
	v = json_object_get(result, "daemon");
	conn_daemon_version = xstrdup(json_is_string(v) ?
	    json_string_value(v) : "?");
	conn_state = CONN_READY;
	conn_error = NULL;
	conn_down_since = -1;
	conn_request(M_SESSION_STATUS, NULL, conn_status_cb, NULL);
	ui_event("conn.ready", NULL);
}

static void
conn_try(void)
{
	long long	now = conn_now();
	char		client[64];
	int		fd;

	conn_retry_at = -1;
	if ((fd = client_connect(conn_path)) == -1) {
		if (conn_state == CONN_STARTING && now - conn_started_at <
		    CONN_START_WAIT_MS) {
			conn_schedule(conn_start_step);
			if (conn_start_step < 64)
				conn_start_step *= 2;
			return;
		}
		if (conn_down_since < 0)
			conn_down_since = now;
		/* Give a crashed daemon a while to come back on its own. */
		if (conn_may_start && conn_state != CONN_STARTING &&
		    (conn_state == CONN_DOWN ||
		    now - conn_down_since >= CONN_RESPAWN_MS) &&
		    conn_spawn_daemon(conn_path) == 0) {
			conn_state = CONN_STARTING;
			conn_started_at = now;
			conn_down_since = now;
			conn_start_step = 2;
			conn_schedule(1);
			return;
		}
		if (conn_state == CONN_STARTING)
			conn_down_since = now;
		conn_state = CONN_RECONNECTING;
		conn_error = conn_may_start ? NULL :
		    _("no daemon answers; start kabinetd");
		conn_schedule(conn_backoff);
		conn_backoff *= 2;
		if (conn_backoff > CONN_BACKOFF_MAX_MS)
			conn_backoff = CONN_BACKOFF_MAX_MS;
		ui_dirty = 1;
		return;
	}
	client_conn_init(&conn_cc, fd, conn_notify, NULL);
	conn_state = CONN_HELLO;
	conn_backoff = CONN_BACKOFF_MIN_MS;
	snprintf(client, sizeof client, "kabinet/%s", KB_VERSION);
	conn_request(M_HELLO, json_pack("{s:i, s:s}", "protocol",
	    KB_PROTOCOL_VERSION, "client", client), conn_hello_cb, NULL);
	ui_dirty = 1;
}

void
conn_init(const char *path, int may_start)
{
	conn_path = xstrdup(path);
	conn_may_start = may_start;
	conn_state = CONN_DOWN;
	conn_try();
}

void
conn_tick(void)
{
	if (conn_cc.fd == -1 && conn_retry_at >= 0 && conn_now() >=
	    conn_retry_at)
		conn_try();
}

/* lender.status carries only what changed; fold it into the status. */
static void
conn_merge_lender(json_t *params)
{
	json_t	*l;

	if (conn_status == NULL || !json_is_object(params))
		return;
	l = json_object_get(conn_status, "lender");
	if (!json_is_object(l)) {
		l = json_object();
		json_object_set_new(conn_status, "lender", l);
	}
	json_object_update(l, params);
}

static void
conn_notify(struct client_conn *cc, const char *method, json_t *params)
{
	(void)cc;
	if (strcmp(method, E_SESSION_CHANGED) == 0 && json_is_object(params))
		conn_status_route(params, jstr_null(params, "reason"));
	else if (strcmp(method, E_LENDER_STATUS) == 0)
		conn_merge_lender(params);
	else
		route_event(method, params);
	ui_event(method, params);
}

void
conn_handle(short revents)
{
	if ((revents & POLLOUT) && client_conn_flush(&conn_cc) == -1) {
		conn_lost();
		return;
	}
	if ((revents & (POLLIN | POLLHUP | POLLERR)) &&
	    client_conn_read(&conn_cc) == -1 && conn_cc.fd != -1)
		conn_lost();
}

void
conn_close(void)
{
	struct client_pending	*cp;

	/* Leaving: nobody is to be called back, whatever was in flight. */
	for (cp = conn_cc.pending; cp != NULL; cp = cp->next)
		((struct pending *)cp)->cb = NULL,
		((struct pending *)cp)->screen = NULL;
	client_conn_close(&conn_cc);
	json_decref(conn_status);
	conn_status = NULL;
	free(conn_daemon_version);
	conn_daemon_version = NULL;
	free(conn_path);
	conn_path = NULL;
}

/* kabinetd: $KABINETD, else beside our own binary, else from PATH. */
static char *
conn_daemon_path(void)
{
	char		 self[PATH_MAX], *dir, *p;
	const char	*env = getenv("KABINETD");
	ssize_t		 n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		dir = dirname(self);
		xasprintf(&p, "%s/kabinetd", dir);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return xstrdup("kabinetd");
}

int
conn_spawn_daemon(const char *path)
{
	char	*bin = conn_daemon_path();
	pid_t	 pid;
	int	 status, fd;

	/* Twice, so the daemon is init's child and never our zombie. */
	switch (pid = fork()) {
	case -1:
		free(bin);
		return -1;
	case 0:
		if (fork() != 0)
			_exit(0);
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		if (path != NULL) {
			setenv("KABINET_SOCKET", path, 1);
			execlp(bin, bin, "-S", path, (char *)NULL);
		} else
			execlp(bin, bin, (char *)NULL);
		_exit(127);
	}
	free(bin);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return 0;
}

int
conn_connect_wait(const char *path, int may_start, int wait_ms)
{
	long long	 deadline = conn_now() + wait_ms;
	int		 fd, started = 0;
	long		 step_us = 1000;
	struct timespec	 ts;

	for (;;) {
		if ((fd = client_connect(path)) != -1)
			return fd;
		if (!may_start || (started && conn_now() >= deadline))
			return -1;
		if (!started) {
			if (conn_spawn_daemon(path) == -1)
				return -1;
			started = 1;
			deadline = conn_now() + wait_ms;
		}
		/* The socket appears within milliseconds: look after 1 ms,
		 * then 2, 4 … up to 64 ms, never a fixed 50 ms. */
		ts.tv_sec = 0;
		ts.tv_nsec = step_us * 1000;
		nanosleep(&ts, NULL);
		if (step_us < 64000)
			step_us *= 2;
	}
}
