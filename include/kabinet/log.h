/*
 * log.h — levelled logging (after OpenBSD httpd's log.c).
 *
 * To stderr when in the foreground, to syslog (journal) otherwise.  Every
 * message is prefixed with the calling function's name.  log_warn() appends
 * strerror(errno).  log_debug() prints only when verbose.  Never log a
 * secret; mask phones and cards with phone_mask()/card_mask().
 */
#ifndef KABINET_LOG_H
#define KABINET_LOG_H

#include <stdarg.h>

void	log_init(const char *ident, int foreground, int verbose);
int	log_verbose(void);
void	log_emit(int prio, int with_errno, const char *func, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));
void	log_fatal(int with_errno, const char *func, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4), noreturn));
/* Run once by log_fatal() before it prints: a curses program restores
 * the terminal there, so the message lands on a usable screen. */
void	log_set_fatal_hook(void (*)(void));

/*
 * The front end's and the tools' errors, git's error()/die(): "PROGRAM:
 * message" on stderr (PROGRAM as given to log_init()).  error() returns
 * -1, for `return error(...)`; die() exits with status.
 */
int	error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	die(int status, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

#include <syslog.h>
#define log_warn(...)	log_emit(LOG_WARNING, 1, __func__, __VA_ARGS__)
#define log_warnx(...)	log_emit(LOG_WARNING, 0, __func__, __VA_ARGS__)
#define log_info(...)	log_emit(LOG_INFO, 0, __func__, __VA_ARGS__)
#define log_debug(...)	log_emit(LOG_DEBUG, 0, __func__, __VA_ARGS__)
#define fatal(...)	log_fatal(1, __func__, __VA_ARGS__)
#define fatalx(...)	log_fatal(0, __func__, __VA_ARGS__)

#endif
