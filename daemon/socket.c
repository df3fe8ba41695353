/*
 * socket.c — the listening socket and the client connections.
 *
 * Socket hygiene after tmux's server.c and httpd's control.c: a private
 * 0700 directory, a stale socket unlinked only when nothing answers on it,
 * bind under umask 077, chmod 0600, accept4 non-blocking with a second's
 * back-off on EMFILE.  Every peer's uid is checked with SO_PEERCRED.
 *
 * A client is a codec plus a GLib fd watch for input; a second watch for
 * output exists only while output is pending.  A client is never freed
 * while a caller may hold it: closing marks it dead (client_lookup() no
 * longer finds it) and an idle callback frees it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "kabinet/codec.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"

/* A client that never reads is dropped past this much pending output. */
#define CLIENT_OUT_MAX	(8 * 1024 * 1024)
/* Calls one client may have unfinished before it is no longer read. */
#define CLIENT_MAX_CALLS	16

struct client {
	uint64_t	 id;
	int		 fd;
	uid_t		 uid;
	pid_t		 pid;
	int		 hello;
	int		 dead;
	guint		 in_src;
	guint		 out_src;
	guint		 resume_src;	/* reads again after a pause */
	unsigned int	 calls;		/* unfinished calls */
	int		 paused;	/* at CLIENT_MAX_CALLS: not read */
	struct codec	 codec;
};

static GHashTable	*clients;	/* id → struct client */
static GPtrArray	*graveyard;	/* dead clients awaiting free */
static guint		 reap_src;
static uint64_t		 next_id = 1;
static int		 listen_fd = -1;
static guint		 listen_src;
static guint		 backoff_src;
/* Modules that watch clients come and go (challenge.c, esia.c). */
#define HOOKS_MAX	4
static struct {
	void	(*hello)(struct client *);
	void	(*gone)(uint64_t);
} hooks[HOOKS_MAX];
static int		nhooks;

static gboolean	client_readable(gint, GIOCondition, gpointer);
static guint	client_watch(int, GIOCondition, GUnixFDSourceFunc, gpointer);
static gboolean	client_writable(gint, GIOCondition, gpointer);
static gboolean	listener_accept(gint, GIOCondition, gpointer);

/*
 * As g_unix_fd_add(), but the source may recurse: GLib then does not
 * block it around each dispatch, which removed and re-added its fd to the
 * poll set and woke the loop's eventfd twice per call (two write(2)s and
 * a read(2) more for every request).  No handler runs a nested loop.
 */
static guint
client_watch(int fd, GIOCondition cond, GUnixFDSourceFunc fn, gpointer arg)
{
	GSource	*src = g_unix_fd_source_new(fd, cond);
	guint	 id;

	g_source_set_callback(src, G_SOURCE_FUNC(fn), arg, NULL);
	g_source_set_can_recurse(src, TRUE);
	id = g_source_attach(src, NULL);
	g_source_unref(src);
	return id;
}

static int
set_nonblock_cloexec(int fd)
{
	int	fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return -1;
	if ((fl = fcntl(fd, F_GETFD)) == -1 ||
	    fcntl(fd, F_SETFD, fl | FD_CLOEXEC) == -1)
		return -1;
	return 0;
}

int
socket_dir(const char *path, char **errp)
{
	char		*dir, *slash;
	struct stat	 sb;
	int		 rc = -1;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		free(dir);
		return 0;	/* relative name in the cwd: the cwd's business */
	}
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		xasprintf(errp, "cannot create directory \"%s\": %s", dir,
		    strerror(errno));
		goto out;
	}
	if (lstat(dir, &sb) == -1) {
		xasprintf(errp, "cannot stat \"%s\": %s", dir,
		    strerror(errno));
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		xasprintf(errp, "\"%s\" is not a directory", dir);
		goto out;
	}
	if (sb.st_uid != getuid()) {
		xasprintf(errp, "directory \"%s\" belongs to uid %u, not to "
		    "us (uid %u)", dir, (unsigned)sb.st_uid,
		    (unsigned)getuid());
		goto out;
	}
	if ((sb.st_mode & 077) != 0) {
		xasprintf(errp, "directory \"%s\" is too open (mode %04o); "
		    "it must be 0700", dir, (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	rc = 0;
out:
	free(dir);
	return rc;
}

static int
fill_sun(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sun->sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

int
socket_listen(const char *path, char **errp)
{
	struct sockaddr_un	 sun;
	struct stat		 sb;
	mode_t			 old;
	int			 fd, probe;

	*errp = NULL;
	if (fill_sun(&sun, path) == -1) {
		xasprintf(errp, "socket path \"%s\" is too long", path);
		return -1;
	}
	if (socket_dir(path, errp) == -1)
		return -1;

	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			xasprintf(errp, "\"%s\" exists and is not a socket",
			    path);
			return -1;
		}
		/* Unlink only a socket nothing answers on. */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe == -1)
			fatal("socket");
		if (connect(probe, (struct sockaddr *)&sun, sizeof sun) == 0) {
			close(probe);
			xasprintf(errp, "socket \"%s\" is in use by another "
			    "process", path);
			return -1;
		}
		if (errno != ECONNREFUSED && errno != ENOENT) {
			xasprintf(errp, "cannot probe \"%s\": %s", path,
			    strerror(errno));
			close(probe);
			return -1;
		}
		close(probe);
		log_info("removing stale socket %s", path);
		if (unlink(path) == -1 && errno != ENOENT) {
			xasprintf(errp, "cannot remove stale socket \"%s\": %s",
			    path, strerror(errno));
			return -1;
		}
	}

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		fatal("socket");
	old = umask(077);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		umask(old);
		xasprintf(errp, "cannot bind \"%s\": %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	umask(old);
	if (chmod(path, 0600) == -1 || listen(fd, 128) == -1) {
		xasprintf(errp, "cannot listen on \"%s\": %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}

static gboolean
listener_resume(gpointer unused)
{
	(void)unused;
	backoff_src = 0;
	if (listen_fd != -1 && listen_src == 0)
		listen_src = g_unix_fd_add(listen_fd, G_IO_IN,
		    listener_accept, NULL);
	return G_SOURCE_REMOVE;
}

static void
client_new(int fd)
{
	struct client	*c;
	struct ucred	 uc;
	socklen_t	 len = sizeof uc;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == -1) {
		log_warn("SO_PEERCRED");
		close(fd);
		return;
	}
	if (uc.uid != getuid()) {
		log_warnx("refused connection from uid %u pid %ld",
		    (unsigned)uc.uid, (long)uc.pid);
		close(fd);
		return;
	}
	c = xcalloc(1, sizeof *c);
	c->id = next_id++;
	c->fd = fd;
	c->uid = uc.uid;
	c->pid = uc.pid;
	codec_init(&c->codec);
	c->in_src = client_watch(fd, G_IO_IN, client_readable, c);
	g_hash_table_insert(clients, &c->id, c);
	log_debug("client %llu connected (pid %ld)",
	    (unsigned long long)c->id, (long)c->pid);
}

static gboolean
listener_accept(gint fd, GIOCondition cond, gpointer unused)
{
	int	cfd, i;

	(void)cond;
	(void)unused;
	/* A few per wake-up, so a connection storm cannot starve clients. */
	for (i = 0; i < 16; i++) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd != -1) {
			client_new(cfd);
			continue;
		}
		if (errno == EINTR || errno == ECONNABORTED)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		if (errno == EMFILE || errno == ENFILE) {
			log_warn("accept4; pausing for a second");
			listen_src = 0;
			backoff_src = g_timeout_add_seconds(1,
			    listener_resume, NULL);
			return G_SOURCE_REMOVE;
		}
		log_warn("accept4");
		break;
	}
	return G_SOURCE_CONTINUE;
}

/* What a decoded message is handed to (methods.c, set at start-up). */
static void	(*dispatch)(struct client *, json_t *);

void
socket_start(int fd, void (*fn)(struct client *, json_t *msg))
{
	dispatch = fn;
	if (clients == NULL) {
		clients = g_hash_table_new(g_int64_hash, g_int64_equal);
		graveyard = g_ptr_array_new();
	}
	listen_fd = fd;
	if (set_nonblock_cloexec(fd) == -1)
		fatal("fcntl");
	listen_src = g_unix_fd_add(fd, G_IO_IN, listener_accept, NULL);
}

static gboolean
reap(gpointer unused)
{
	struct client	*c;
	guint		 i;

	(void)unused;
	reap_src = 0;
	for (i = 0; i < graveyard->len; i++) {
		c = g_ptr_array_index(graveyard, i);
		codec_free(&c->codec);
		free(c);
	}
	g_ptr_array_set_size(graveyard, 0);
	return G_SOURCE_REMOVE;
}

/* Closes a client now; its memory goes at the next idle. */
static void
client_close(struct client *c)
{
	uint64_t	id = c->id;
	int		i;

	if (c->dead)
		return;
	c->dead = 1;
	if (c->in_src != 0)
		g_source_remove(c->in_src);
	if (c->out_src != 0)
		g_source_remove(c->out_src);
	if (c->resume_src != 0)
		g_source_remove(c->resume_src);
	c->in_src = c->out_src = c->resume_src = 0;
	close(c->fd);
	c->fd = -1;
	g_hash_table_remove(clients, &c->id);
	g_ptr_array_add(graveyard, c);
	if (reap_src == 0)
		reap_src = g_idle_add(reap, NULL);
	log_debug("client %llu gone", (unsigned long long)id);
	for (i = 0; i < nhooks; i++)
		if (hooks[i].gone != NULL)
			hooks[i].gone(id);
}

/* Writes what the socket takes; watches for POLLOUT while output waits. */
static void
client_flush(struct client *c)
{
	int	rc;

	if (c->dead)
		return;
	rc = codec_flush(&c->codec, c->fd);
	if (rc == -1) {
		log_debug("client %llu: write: %s",
		    (unsigned long long)c->id, strerror(errno));
		client_close(c);
		return;
	}
	if (rc == 1 && c->out_src == 0)
		c->out_src = client_watch(c->fd, G_IO_OUT, client_writable,
		    c);
	else if (rc == 0 && c->out_src != 0) {
		g_source_remove(c->out_src);
		c->out_src = 0;
	}
}

static gboolean
client_writable(gint fd, GIOCondition cond, gpointer arg)
{
	struct client	*c = arg;
	int		 rc;

	(void)fd;
	(void)cond;
	rc = codec_flush(&c->codec, c->fd);
	if (rc == 1)
		return G_SOURCE_CONTINUE;
	c->out_src = 0;
	if (rc == -1)
		client_close(c);
	return G_SOURCE_REMOVE;
}

/*
 * Runs the whole lines read so far.  G_SOURCE_CONTINUE: keep reading;
 * G_SOURCE_REMOVE: the client was closed, or paused at CLIENT_MAX_CALLS
 * unfinished calls (the rest of its lines wait in the codec, and the
 * socket is not read, so the kernel's buffer pushes back on the client).
 */
static gboolean
client_drain(struct client *c)
{
	json_t		*msg, *err;

	while (!c->dead) {
		if (c->calls >= CLIENT_MAX_CALLS) {
			c->paused = 1;
			return G_SOURCE_REMOVE;
		}
		switch (codec_next(&c->codec, &msg)) {
		case CODEC_AGAIN:
			return G_SOURCE_CONTINUE;
		case CODEC_MSG:
			dispatch(c, msg);
			json_decref_wipe(msg);	/* params may hold secrets */
			break;
		case CODEC_BAD_JSON:
			client_send(c, rpc_error(NULL, RPC_PARSE_ERROR,
			    R_PARSE_ERROR, "message is not valid JSON", NULL));
			break;
		case CODEC_TOO_LONG:
			log_warnx("client %llu sent a line over %d bytes; "
			    "closing", (unsigned long long)c->id,
			    CODEC_MAX_LINE);
			err = rpc_error(NULL, RPC_INVALID_REQUEST,
			    R_LINE_TOO_LONG, "line longer than 1 MiB", NULL);
			codec_put(&c->codec, err);
			json_decref(err);
			(void)codec_flush(&c->codec, c->fd);
			/* Half-close so the peer reads the error, not a reset. */
			shutdown(c->fd, SHUT_WR);
			c->in_src = 0;
			client_close(c);
			return G_SOURCE_REMOVE;
		}
	}
	/* Closed while dispatching: its source is already removed. */
	return G_SOURCE_REMOVE;
}

static gboolean
client_readable(gint fd, GIOCondition cond, gpointer arg)
{
	struct client	*c = arg;
	ssize_t		 n;

	(void)cond;
	n = codec_read(&c->codec, fd);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)) {
		c->in_src = 0;
		client_close(c);
		return G_SOURCE_REMOVE;
	}
	if (client_drain(c) == G_SOURCE_REMOVE) {
		c->in_src = 0;
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static gboolean
client_resume(gpointer arg)
{
	struct client	*c = arg;

	c->resume_src = 0;
	if (c->dead || c->calls >= CLIENT_MAX_CALLS)
		return G_SOURCE_REMOVE;
	c->paused = 0;
	if (client_drain(c) == G_SOURCE_CONTINUE && c->in_src == 0)
		c->in_src = client_watch(c->fd, G_IO_IN, client_readable, c);
	return G_SOURCE_REMOVE;
}

void
client_call_begin(struct client *c)
{
	c->calls++;
}

void
client_call_end(uint64_t id)
{
	struct client	*c = client_lookup(id);

	if (c == NULL || c->calls == 0)
		return;
	c->calls--;
	/* From the loop: this may be deep inside another call's answer. */
	if (c->paused && c->resume_src == 0)
		c->resume_src = g_idle_add(client_resume, c);
}

uint64_t
client_id(const struct client *c)
{
	return c->id;
}

struct client *
client_lookup(uint64_t id)
{
	struct client	*c;

	if (clients == NULL)
		return NULL;
	c = g_hash_table_lookup(clients, &id);
	return c != NULL && !c->dead ? c : NULL;
}

int
client_flushed(uint64_t id)
{
	struct client	*c = client_lookup(id);

	return c != NULL && c->codec.out.len == 0;
}

int
client_hello_done(const struct client *c)
{
	return c->hello;
}

void
client_set_hello(struct client *c)
{
	int	i;

	c->hello = 1;
	for (i = 0; i < nhooks; i++)
		if (hooks[i].hello != NULL)
			hooks[i].hello(c);
}

unsigned int
clients_count(void)
{
	return clients != NULL ? g_hash_table_size(clients) : 0;
}

static void	client_queued(struct client *);

void
client_send(struct client *c, json_t *msg)
{
	if (c == NULL || c->dead) {
		json_decref(msg);
		return;
	}
	codec_put(&c->codec, msg);
	json_decref(msg);
	client_queued(c);
}

void
client_send_result(struct client *c, const json_t *id, const char *result)
{
	if (c == NULL || c->dead)
		return;
	codec_put_result(&c->codec, id, result);
	client_queued(c);
}

/* What was just queued goes out now, unless the client is not reading. */
static void
client_queued(struct client *c)
{
	if (c->codec.out.len > CLIENT_OUT_MAX) {
		log_warnx("client %llu is not reading (%zu bytes pending); "
		    "dropping it", (unsigned long long)c->id,
		    c->codec.out.len);
		client_close(c);
		return;
	}
	if (c->out_src == 0)
		client_flush(c);
}

void
client_notify(struct client *c, const char *method, json_t *params)
{
	client_send(c, rpc_notification(method, params));
}

void
clients_broadcast(const char *method, json_t *params)
{
	GHashTableIter	 it;
	gpointer	 k, v;
	GPtrArray	*all;
	json_t		*msg;
	guint		 i;

	msg = rpc_notification(method, params);
	if (clients == NULL) {
		json_decref(msg);
		return;
	}
	/* Copy first: sending may close (and unlist) a client. */
	all = g_ptr_array_new();
	g_hash_table_iter_init(&it, clients);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (((struct client *)v)->hello)
			g_ptr_array_add(all, v);
	for (i = 0; i < all->len; i++)
		client_send(g_ptr_array_index(all, i), json_incref(msg));
	g_ptr_array_free(all, TRUE);
	json_decref(msg);
}

void
clients_add_hooks(void (*on_hello)(struct client *),
    void (*on_gone)(uint64_t id))
{
	if (nhooks == HOOKS_MAX)
		fatalx("too many client hooks");
	hooks[nhooks].hello = on_hello;
	hooks[nhooks].gone = on_gone;
	nhooks++;
}

void
socket_shutdown(void)
{
	GHashTableIter	 it;
	gpointer	 k, v;
	GPtrArray	*all;
	guint		 i;

	if (listen_src != 0)
		g_source_remove(listen_src);
	if (backoff_src != 0)
		g_source_remove(backoff_src);
	listen_src = backoff_src = 0;
	if (listen_fd != -1)
		close(listen_fd);
	listen_fd = -1;
	if (clients == NULL)
		return;
	all = g_ptr_array_new();
	g_hash_table_iter_init(&it, clients);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_ptr_array_add(all, v);
	for (i = 0; i < all->len; i++) {
		struct client *c = g_ptr_array_index(all, i);
		(void)codec_flush(&c->codec, c->fd);
		client_close(c);
	}
	g_ptr_array_free(all, TRUE);
	if (reap_src != 0)
		g_source_remove(reap_src);
	reap(NULL);
	g_hash_table_destroy(clients);
	g_ptr_array_free(graveyard, TRUE);
	clients = NULL;
	graveyard = NULL;
}
