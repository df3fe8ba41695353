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
#include <time.h>
#include <unistd.h>

#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/log.h"

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

static long long
client_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline (< 0: forever); 0 on timeout. */
static int
client_wait(int fd, short events, long long deadline)
{
	struct pollfd	pfd;
	long long	left;
	int		n;

	for (;;) {
		left = -1;
		if (deadline >= 0) {
			left = deadline - client_now_ms();
			if (left < 0)
				left = 0;
			if (left > INT_MAX)
				left = INT_MAX;
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		return n;
	}
}

static int
client_send_all(struct codec *c, int fd, long long deadline)
{
	ssize_t	n;
	int	w;

	while (c->out.len > 0) {
		/* MSG_NOSIGNAL: a daemon that went away is an error, not
		 * SIGPIPE for the command line. */
		n = send(fd, c->out.data, c->out.len, MSG_NOSIGNAL);
		if (n > 0) {
			buf_consume(&c->out, (size_t)n);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		if ((w = client_wait(fd, POLLOUT, deadline)) == -1)
			return -1;
		if (w == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	return 0;
}

/*
 * Ours is the response carrying our id.  With one request in flight, an
 * error with a null id (the daemon could not read our request) is ours too.
 */
static int
client_is_ours(const json_t *msg, json_int_t id)
{
	const json_t	*mid = json_object_get(msg, "id");

	if (json_is_integer(mid))
		return json_integer_value(mid) == id;
	return json_is_null(mid) && json_object_get(msg, "error") != NULL;
}

int
client_call(int fd, const char *method, json_t *params, int timeout_ms,
    json_t **resultp, json_t **errorp)
{
	static json_int_t	 next_id = 1;
	struct codec		 c;
	json_t			*req, *msg = NULL, *v;
	json_int_t		 id = next_id++;
	long long		 deadline = -1;
	ssize_t			 n;
	int			 w, ret = -1, saved;

	if (resultp != NULL)
		*resultp = NULL;
	if (errorp != NULL)
		*errorp = NULL;
	if (timeout_ms >= 0)
		deadline = client_now_ms() + timeout_ms;

	codec_init(&c);
	req = rpc_request(id, method, params);
	codec_put(&c, req);
	json_decref(req);
	if (client_send_all(&c, fd, deadline) == -1)
		goto out;

	for (;;) {
		switch (codec_next(&c, &msg)) {
		case CODEC_MSG:
			if (rpc_classify(msg, NULL) == RPC_RESPONSE &&
			    client_is_ours(msg, id))
				goto found;
			json_decref(msg);	/* notification, stale answer */
			msg = NULL;
			continue;
		case CODEC_BAD_JSON:
			errno = EPROTO;
			goto out;
		case CODEC_TOO_LONG:
			errno = EMSGSIZE;
			goto out;
		case CODEC_AGAIN:
			break;
		}
		if ((w = client_wait(fd, POLLIN, deadline)) == -1)
			goto out;
		if (w == 0) {
			errno = ETIMEDOUT;
			goto out;
		}
		n = codec_read(&c, fd);
		if (n == 0) {
			errno = ECONNRESET;
			goto out;
		}
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			goto out;
	}

found:
	if ((v = json_object_get(msg, "error")) != NULL) {
		if (errorp != NULL)
			*errorp = json_incref(v);
		ret = 1;
	} else {
		if (resultp != NULL)
			*resultp = json_incref(json_object_get(msg, "result"));
		ret = 0;
	}
	json_decref(msg);
out:
	saved = errno;
	codec_free(&c);
	errno = saved;
	return ret;
}
