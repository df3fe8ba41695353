/*
 * client.h — finding and connecting to kabinetd's socket.
 *
 * Path: $KABINET_SOCKET if set; else $XDG_RUNTIME_DIR/kabinet/kabinetd.sock;
 * with no XDG_RUNTIME_DIR, /tmp/kabinet-UID/kabinetd.sock (as tmux does),
 * whose directory must be ours and 0700.
 */
#ifndef KABINET_CLIENT_H
#define KABINET_CLIENT_H

#include <stddef.h>
#include <jansson.h>

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
 * A blocking call for the command line: sends one request and waits up to
 * timeout_ms for its answer, skipping notifications.  Returns 0 with
 * *resultp set (new ref), 1 with *errorp set to the error object (new ref),
 * -1 on I/O failure or timeout (errno set; ETIMEDOUT for the timeout).
 * params is stolen (NULL sends {}), as rpc_request() does; timeout_ms < 0
 * waits forever.  Callers send "hello" themselves, as their first call.
 */
int	client_call(int fd, const char *method, json_t *params,
	    int timeout_ms, json_t **resultp, json_t **errorp);

#endif
