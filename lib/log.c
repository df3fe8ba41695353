/* log.c — levelled logging to stderr or syslog (after httpd's log.c). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "kabinet/log.h"

static int	 log_foreground = 1;
static int	 log_verbosity;
static const char *log_ident = "kabinet";
static void	(*log_fatal_hook)(void);

void
log_set_fatal_hook(void (*fn)(void))
{
	log_fatal_hook = fn;
}

void
log_init(const char *ident, int foreground, int verbose)
{
	log_ident = ident;
	log_foreground = foreground;
	log_verbosity = verbose;
	if (!foreground)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	tzset();
}

int
log_verbose(void)
{
	return log_verbosity;
}

static void
log_vemit(int prio, int with_errno, const char *func, const char *fmt,
    va_list ap)
{
	char	 msg[2048];
	int	 saved = errno;
	size_t	 n;

	if (prio == LOG_DEBUG && !log_verbosity)
		return;
	n = (size_t)snprintf(msg, sizeof msg, "%s: ", func);
	if (n < sizeof msg)
		vsnprintf(msg + n, sizeof msg - n, fmt, ap);
	if (with_errno) {
		n = strlen(msg);
		snprintf(msg + n, sizeof msg - n, ": %s", strerror(saved));
	}
	if (log_foreground) {
		const char *lvl = prio <= LOG_ERR ? "fatal" :
		    prio == LOG_WARNING ? "warning" :
		    prio == LOG_DEBUG ? "debug" : "info";
		fprintf(stderr, "%s: %s: %s\n", log_ident, lvl, msg);
		fflush(stderr);
	} else
		syslog(prio, "%s", msg);
	errno = saved;
}

void
log_emit(int prio, int with_errno, const char *func, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vemit(prio, with_errno, func, fmt, ap);
	va_end(ap);
}

void
log_fatal(int with_errno, const char *func, const char *fmt, ...)
{
	va_list	 ap;
	void	(*hook)(void) = log_fatal_hook;
	int	 saved = errno;

	log_fatal_hook = NULL;		/* a fatal inside the hook: no loop */
	if (hook != NULL)
		hook();
	errno = saved;
	va_start(ap, fmt);
	log_vemit(LOG_CRIT, with_errno, func, fmt, ap);
	va_end(ap);
	exit(1);
}

/*
 * git's convention for the front end and the tools (not the daemon, which
 * logs): "PROGRAM: what is wrong" on stderr, no level, no function name.
 * The message is already translated where users see it.
 */
static void
log_vreport(const char *fmt, va_list ap)
{
	int	saved = errno;

	fflush(stdout);
	fprintf(stderr, "%s: ", log_ident);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	fflush(stderr);
	errno = saved;
}

int
error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vreport(fmt, ap);
	va_end(ap);
	return -1;
}

void
die(int status, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vreport(fmt, ap);
	va_end(ap);
	exit(status);
}
