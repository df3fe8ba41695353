/* client.c — finding kabinetd's socket, connecting, one blocking call. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/reason.h"
#include "kabinet/xmalloc.h"

#define CLIENT_SOCK_NAME	"kabinetd.sock"

static int
client_copy(char *dst, size_t len, const char *src)
{
	if (dst == NULL)
		return 0;
	if ((size_t)snprintf(dst, len, "%s", src) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/*
 * The /tmp fallback is shared with every user, so (as tmux does) the
 * directory must be a real directory, ours, and closed to everyone else;
 * anything else may be someone's trap.
 */
int
client_private_dir(const char *dir)
{
	struct stat	sb;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return -1;
	if (lstat(dir, &sb) == -1)
		return -1;
	if (!S_ISDIR(sb.st_mode) || sb.st_uid != getuid() ||
	    (sb.st_mode & 0777) != 0700) {
		log_warnx("%s is not a directory of uid %u with mode 0700",
		    dir, (unsigned)getuid());
		errno = EACCES;
		return -1;
	}
	return 0;
}

int
client_socket_path(char *path, size_t len, char *dir, size_t dirlen)
{
	const char	*env, *slash;
	char		 d[PATH_MAX];

	if ((env = getenv("KABINET_SOCKET")) != NULL && *env != '\0') {
		if (client_copy(path, len, env) == -1)
			return -1;
		if (dir == NULL)
			return 0;
		if ((slash = strrchr(env, '/')) == NULL)
			return client_copy(dir, dirlen, ".");
		if (slash == env)
			return client_copy(dir, dirlen, "/");
		if ((size_t)(slash - env) >= dirlen) {
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dir, env, (size_t)(slash - env));
		dir[slash - env] = '\0';
		return 0;
	}

	/* The XDG spec says a relative XDG_RUNTIME_DIR is to be ignored. */
	env = getenv("XDG_RUNTIME_DIR");
	if (env != NULL && env[0] == '/') {
		if ((size_t)snprintf(d, sizeof d, "%s/kabinet", env) >=
		    sizeof d) {
			errno = ENAMETOOLONG;
			return -1;
		}
	} else
		snprintf(d, sizeof d, "/tmp/kabinet-%u", (unsigned)getuid());

	if ((size_t)snprintf(path, len, "%s/%s", d, CLIENT_SOCK_NAME) >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (client_copy(dir, dirlen, d) == -1)
		return -1;
	if (env == NULL || env[0] != '/')
		return client_private_dir(d);
	return 0;
}

int
client_connect(const char *path)
{
	struct sockaddr_un	sun;
	int			fd, flags, saved;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	while (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		if (errno == EINTR)
			continue;
		goto fail;
	}
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* ---- one connection: requests by id, notifications, blocking waits ---- */

void
client_conn_init(struct client_conn *cc, int fd,
    void (*notify)(struct client_conn *, const char *, json_t *), void *arg)
{
	memset(cc, 0, sizeof *cc);
	cc->fd = fd;
	codec_init(&cc->codec);
	cc->next_id = 1;
	cc->notify = notify;
	cc->arg = arg;
}

void
client_conn_close(struct client_conn *cc)
{
	struct client_pending	*p, *list = cc->pending;
	json_t			*err;

	if (cc->fd != -1)
		close(cc->fd);
	cc->fd = -1;
	codec_free(&cc->codec);
	codec_init(&cc->codec);
	cc->pending = NULL;
	if (list == NULL)
		return;
	err = rpc_error(NULL, RPC_INTERNAL_ERROR, R_DAEMON_GONE,
	    "daemon connection lost", NULL);
	while ((p = list) != NULL) {
		list = p->next;
		p->done(p, NULL, json_object_get(err, "error"));
	}
	json_decref(err);
}

int
client_conn_flush(struct client_conn *cc)
{
	if (cc->fd == -1)
		return -1;
	return codec_flush(&cc->codec, cc->fd);
}

int
client_conn_request(struct client_conn *cc, struct client_pending *p,
    const char *method, json_t *params)
{
	json_t	*msg;

	/* Only what the request alone holds is wiped: a value packed in
	 * with "O" (a challenge id, a loan id) still belongs to the caller,
	 * who may send it again. */
	if (cc->fd == -1) {
		json_decref_wipe(params);
		return -1;
	}
	p->id = cc->next_id++;
	p->next = cc->pending;
	cc->pending = p;
	msg = rpc_request(p->id, method, params);
	codec_put(&cc->codec, msg);
	json_decref_wipe(msg);
	(void)client_conn_flush(cc);
	return 0;
}

static void
client_conn_response(struct client_conn *cc, json_t *msg)
{
	struct client_pending	**pp, *p;
	json_t			*id = json_object_get(msg, "id");

	/* An error the daemon could not tie to an id (it could not read
	 * the request) is the only request's, when there is one. */
	if (json_is_null(id) && json_object_get(msg, "error") != NULL &&
	    cc->pending != NULL && cc->pending->next == NULL)
		p = cc->pending, pp = &cc->pending;
	else if (!json_is_integer(id))
		return;
	else
		for (pp = &cc->pending; (p = *pp) != NULL; pp = &p->next)
			if (p->id == json_integer_value(id))
				break;
	if (p == NULL)
		return;		/* a stale answer */
	*pp = p->next;
	p->done(p, json_object_get(msg, "result"),
	    json_object_get(msg, "error"));
}

int
client_conn_read(struct client_conn *cc)
{
	json_t		*msg;
	const char	*m;
	ssize_t		 n;

	if (cc->fd == -1) {
		errno = ECONNRESET;
		return -1;
	}
	n = codec_read(&cc->codec, cc->fd);
	if (n == 0) {
		errno = ECONNRESET;
		return -1;
	}
	if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
		return -1;
	for (;;) {
		switch (codec_next(&cc->codec, &msg)) {
		case CODEC_AGAIN:
			return 0;
		case CODEC_BAD_JSON:
			errno = EPROTO;
			return -1;
		case CODEC_TOO_LONG:
			errno = EMSGSIZE;
			return -1;
		case CODEC_MSG:
			break;
		}
		switch (rpc_classify(msg, NULL)) {
		case RPC_RESPONSE:
			client_conn_response(cc, msg);
			break;
		case RPC_NOTIFICATION:
			m = json_string_value(json_object_get(msg, "method"));
			if (cc->notify != NULL)
				cc->notify(cc, m, json_object_get(msg,
				    "params"));
			break;
		default:
			break;
		}
		json_decref(msg);
		/* A handler may have closed the connection. */
		if (cc->fd == -1) {
			errno = ECONNRESET;
			return -1;
		}
	}
}

void
client_conn_forget(struct client_conn *cc, struct client_pending *p)
{
	struct client_pending	**pp;

	for (pp = &cc->pending; *pp != NULL; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			return;
		}
}

static int
client_conn_waiting(struct client_conn *cc, const struct client_pending *p)
{
	struct client_pending	*q;

	for (q = cc->pending; q != NULL; q = q->next)
		if (q == p)
			return 1;
	return 0;
}

/* Polls, sends and dispatches until done(cc, arg) says so. */
static int
client_conn_wait_for(struct client_conn *cc, int (*done)(struct client_conn *,
    const void *), const void *arg, int timeout_ms)
{
	struct pollfd	pfd;
	int		n;

	while (!done(cc, arg)) {
		if (cc->fd == -1) {
			errno = ECONNRESET;
			return -1;
		}
		pfd.fd = cc->fd;
		pfd.events = POLLIN | (cc->codec.out.len > 0 ? POLLOUT : 0);
		pfd.revents = 0;
		n = poll(&pfd, 1, timeout_ms);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if ((pfd.revents & POLLOUT) && client_conn_flush(cc) == -1)
			return -1;
		if ((pfd.revents & (POLLIN | POLLHUP | POLLERR)) &&
		    client_conn_read(cc) == -1)
			return -1;
	}
	return 0;
}

static int
pending_done(struct client_conn *cc, const void *p)
{
	return !client_conn_waiting(cc, p);
}

static int
flag_set(struct client_conn *cc, const void *flag)
{
	(void)cc;
	return *(const int *)flag;
}

int
client_conn_wait(struct client_conn *cc, struct client_pending *p,
    int timeout_ms)
{
	return client_conn_wait_for(cc, pending_done, p, timeout_ms);
}

int
client_conn_wait_flag(struct client_conn *cc, const int *flag,
    int timeout_ms)
{
	return client_conn_wait_for(cc, flag_set, flag, timeout_ms);
}

/* ---- one blocking call on a bare fd ---- */

struct client_one {
	struct client_pending	 p;	/* first: done() casts back */
	json_t			*result, *error;
};

static void
client_one_done(struct client_pending *p, json_t *result, json_t *error)
{
	struct client_one	*o = (struct client_one *)p;

	o->result = json_incref(result);
	o->error = json_incref(error);
}

int
client_call(int fd, const char *method, json_t *params, int timeout_ms,
    json_t **resultp, json_t **errorp)
{
	struct client_conn	cc;
	struct client_one	o;
	int			ret = -1, saved;

	if (resultp != NULL)
		*resultp = NULL;
	if (errorp != NULL)
		*errorp = NULL;
	memset(&o, 0, sizeof o);
	o.p.done = client_one_done;
	client_conn_init(&cc, fd, NULL, NULL);
	if (client_conn_request(&cc, &o.p, method, params) == 0 &&
	    client_conn_wait(&cc, &o.p, timeout_ms) == 0)
		ret = o.error != NULL ? 1 : 0;
	saved = errno;
	/* The fd stays the caller's. */
	codec_free(&cc.codec);
	if (ret == 1 && errorp != NULL)
		*errorp = json_incref(o.error);
	else if (ret == 0 && resultp != NULL)
		*resultp = json_incref(o.result);
	json_decref(o.result);
	json_decref(o.error);
	errno = saved;
	return ret;
}
