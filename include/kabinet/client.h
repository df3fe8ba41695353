/*
 * client.h — finding and connecting to kabinetd's socket, and the one
 * client connection every front end and tool uses (struct client_conn:
 * requests by id with a callback each, the daemon's notifications to one
 * handler, blocking waits for the command line).
 *
 * Path: $KABINET_SOCKET if set; else $XDG_RUNTIME_DIR/kabinet/kabinetd.sock;
 * with no XDG_RUNTIME_DIR, /tmp/kabinet-UID/kabinetd.sock (as tmux does),
 * whose directory must be ours and 0700.
 */
#ifndef KABINET_CLIENT_H
#define KABINET_CLIENT_H

#include <stddef.h>
#include <jansson.h>

#include "kabinet/codec.h"

/* Fills path (and the directory in dir, if dir != NULL); -1 if too long
 * (ENAMETOOLONG).  The /tmp fallback directory is created 0700 when
 * missing; one that is not ours or not 0700 is refused (-1, EACCES). */
int	client_socket_path(char *path, size_t len, char *dir, size_t dirlen);
/* Makes dir 0700 if missing; 0 when it is a directory of ours with mode
 * 0700, else -1 (EACCES, or mkdir's errno).  Symlinks are not followed. */
int	client_private_dir(const char *dir);
/* Connects (blocking connect, then O_NONBLOCK|O_CLOEXEC on the fd).
 * Returns the fd or -1 with errno set. */
int	client_connect(const char *path);

/*
 * One blocking call on a bare fd (which stays the caller's, as does any
 * byte after the answer): sends one request and waits up to
 * timeout_ms for its answer, skipping notifications.  Returns 0 with
 * *resultp set (new ref), 1 with *errorp set to the error object (new ref),
 * -1 on I/O failure or timeout (errno set; ETIMEDOUT for the timeout).
 * params is stolen (NULL sends {}), as rpc_request() does; timeout_ms < 0
 * waits forever.  Callers send "hello" themselves, as their first call.
 */
int	client_call(int fd, const char *method, json_t *params,
	    int timeout_ms, json_t **resultp, json_t **errorp);

/*
 * One connection to kabinetd.  Requests are sent with a caller-allocated
 * struct client_pending (a caller wanting more embeds it first in its own
 * struct, as tmux's cmdq items do); the connection holds it until the
 * answer comes, then unlinks it and calls done(), which owns it again.
 * Notifications go to notify().  Nothing here draws, prompts or exits.
 */
struct client_pending {
	json_int_t		 id;
	/* result or error (borrowed; both NULL never happens) */
	void			(*done)(struct client_pending *, json_t *result,
				    json_t *error);
	struct client_pending	*next;
};

struct client_conn {
	int			 fd;		/* -1 when closed */
	struct codec		 codec;
	json_int_t		 next_id;
	struct client_pending	*pending;	/* newest first */
	void			(*notify)(struct client_conn *,
				    const char *method, json_t *params);
	void			*arg;		/* the owner's, for notify() */
};

/* Takes fd (connected, non-blocking); notify may be NULL. */
void	client_conn_init(struct client_conn *, int fd,
	    void (*notify)(struct client_conn *, const char *, json_t *),
	    void *arg);
/* Closes the fd and fails every pending request: done(p, NULL, error)
 * with error (borrowed) an internal error of reason "daemon_gone".  What
 * is left holds nothing (fd -1, empty buffers); init may follow. */
void	client_conn_close(struct client_conn *);
/*
 * Queues a request (params stolen; every string in the message is wiped
 * once encoded, so a password or code leaves no copy) and tries to send
 * it.  Returns 0, or -1 when the connection is closed (params wiped).
 */
int	client_conn_request(struct client_conn *, struct client_pending *,
	    const char *method, json_t *params);
/* Sends what is queued: 0 all sent, 1 some left (wait for POLLOUT), -1
 * the daemon went. */
int	client_conn_flush(struct client_conn *);
/* Reads what the fd has and dispatches every complete message: 0, or -1
 * when the daemon went (ECONNRESET), sent a line that is not JSON (EPROTO)
 * or one over the limit (EMSGSIZE). */
int	client_conn_read(struct client_conn *);
/*
 * Waits (poll) until p is done, sending and dispatching meanwhile (so
 * notify() may prompt and send requests of its own).  timeout_ms < 0
 * waits forever; it counts the time the daemon is silent.  0, or -1 with
 * errno (ETIMEDOUT; ECONNRESET when the daemon went).
 */
int	client_conn_wait(struct client_conn *, struct client_pending *,
	    int timeout_ms);
/* Forgets p, whose wait timed out (it may live on the caller's stack):
 * its answer, if it comes, is dropped as stale, and client_conn_close()
 * does not call it. */
void	client_conn_forget(struct client_conn *, struct client_pending *);
/* The same until *flag is set (by notify(), say). */
int	client_conn_wait_flag(struct client_conn *, const int *flag,
	    int timeout_ms);


#endif
