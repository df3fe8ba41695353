/*
 * kabinetd.c — main(): options, configuration (the files, then the
 * command line over them), start-up (the single-instance lock, the
 * listening socket or systemd's, daemonizing, every module in layer
 * order) and the GLib main loop.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "kabinet/log.h"
#include "kabinet/nodump.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "kabinetd.h"
#include "challenge.h"

#define SD_LISTEN_FDS_START	3

static GMainLoop	*loop;

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
"usage: kabinetd [-fv] [-c file] [-S socket] [--lender URL] [--ca-file file]\n"
"                [--pinned-key spec] [--allow-http] [--no-keyring]\n"
"                [--health-interval seconds]\n"
"  -f, --foreground       stay in the foreground, log to stderr\n"
"  -v, --verbose          log debug messages too\n"
"  -c, --config FILE      read only FILE (default " CONFIG_SYSTEM_FILE "\n"
"                         then $XDG_CONFIG_HOME/kabinet/kabinetd.conf)\n"
"  -S, --socket PATH      listening socket (default\n"
"                         $XDG_RUNTIME_DIR/kabinet/kabinetd.sock)\n"
"      --lender URL       the lender's base URL\n"
"      --ca-file FILE     trust these CA certificates for the lender\n"
"      --pinned-key SPEC  pin the lender's public key (sha256//...)\n"
"      --allow-http       allow plain http to a loopback lender\n"
"      --no-keyring       keep the session in memory only\n"
"      --health-interval SECONDS  how often to check the lender\n"
"  -h, --help             this text\n"
"  -V, --version          print the version\n");
	exit(status);
}

/* $XDG_<var> or ~/<fallback>, plus "/kabinet". */
static char *
xdg_dir(const char *var, const char *fallback)
{
	const char	*v = getenv(var), *home;
	char		*p;

	if (v != NULL && *v == '/')
		xasprintf(&p, "%s/kabinet", v);
	else {
		if ((home = getenv("HOME")) == NULL || *home == '\0')
			fatalx("neither $%s nor $HOME is set", var);
		xasprintf(&p, "%s/%s/kabinet", home, fallback);
	}
	return p;
}

/* As client.h says: $KABINET_SOCKET, $XDG_RUNTIME_DIR/kabinet/..., or
 * /tmp/kabinet-UID/kabinetd.sock. */
static char *
default_socket_path(void)
{
	const char	*v;
	char		*p;

	if ((v = getenv("KABINET_SOCKET")) != NULL && *v != '\0')
		return xstrdup(v);
	if ((v = getenv("XDG_RUNTIME_DIR")) != NULL && *v == '/')
		xasprintf(&p, "%s/kabinet/kabinetd.sock", v);
	else
		xasprintf(&p, "/tmp/kabinet-%u/kabinetd.sock",
		    (unsigned)getuid());
	return p;
}

static void
mkdir_p(const char *path)
{
	char	*p, *s;

	p = xstrdup(path);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST)
			fatal("mkdir %s", p);
		*s = '/';
	}
	if (mkdir(p, 0700) == -1 && errno != EEXIST)
		fatal("mkdir %s", p);
	free(p);
}

/* Takes the lock beside the socket; a second daemon stops here. */
static int
take_lock(const char *sockpath)
{
	char	*path, buf[32];
	ssize_t	 n;
	int	 fd;

	xasprintf(&path, "%s.lock", sockpath);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1)
		die(1, "cannot open %s: %s", path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK)
			die(1, "cannot lock %s: %s", path, strerror(errno));
		n = pread(fd, buf, sizeof buf - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		die(1, "already running (pid %s)", *buf != '\0' ? buf : "?");
	}
	free(path);
	return fd;
}

static void
write_pid(int fd, pid_t pid)
{
	char	buf[32];
	int	n;

	n = snprintf(buf, sizeof buf, "%ld\n", (long)pid);
	if (ftruncate(fd, 0) == -1 || pwrite(fd, buf, (size_t)n, 0) != n)
		log_warn("cannot write the pid to the lock file");
}

/*
 * Forks into the background.  The parent writes the child's pid into the
 * lock file before it exits, so whoever started us finds a bound socket
 * and a pid the moment we return.
 */
static void
detach(int lockfd)
{
	pid_t	pid;
	int	fd;

	switch (pid = fork()) {
	case -1:
		fatal("fork");
	case 0:
		break;
	default:
		write_pid(lockfd, pid);
		_exit(0);
	}
	if (setsid() == -1)
		fatal("setsid");
	if (chdir("/") == -1)
		fatal("chdir /");
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
}

/* Replaces *pathp by its absolute form; exits if it cannot be read. */
static void
absolute(char **pathp, const char *what)
{
	char	*abs;

	if (access(*pathp, R_OK) == -1 || (abs = realpath(*pathp,
	    NULL)) == NULL)
		die(1, "cannot read %s %s: %s", what, *pathp,
		    strerror(errno));
	free(*pathp);
	*pathp = abs;
}

/* systemd socket activation: fd 3 when LISTEN_PID is us. */
static int
activated_fd(void)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");

	if (pid == NULL || fds == NULL)
		return -1;
	if (strtol(pid, NULL, 10) != (long)getpid() || strtol(fds, NULL,
	    10) < 1)
		return -1;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return SD_LISTEN_FDS_START;
}

static gboolean
on_signal(gpointer arg)
{
	log_info("%s; exiting", (const char *)arg);
	g_main_loop_quit(loop);
	return G_SOURCE_CONTINUE;
}

enum {
	OPT_LENDER = 256, OPT_CA_FILE, OPT_PINNED_KEY, OPT_ALLOW_HTTP,
	OPT_NO_KEYRING, OPT_HEALTH_INTERVAL,
};

static const struct option longopts[] = {
	{ "foreground",		no_argument,		NULL, 'f' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "config",		required_argument,	NULL, 'c' },
	{ "socket",		required_argument,	NULL, 'S' },
	{ "lender",		required_argument,	NULL, OPT_LENDER },
	{ "ca-file",		required_argument,	NULL, OPT_CA_FILE },
	{ "pinned-key",		required_argument,	NULL, OPT_PINNED_KEY },
	{ "allow-http",		no_argument,		NULL, OPT_ALLOW_HTTP },
	{ "no-keyring",		no_argument,		NULL, OPT_NO_KEYRING },
	{ "health-interval",	required_argument,	NULL,
	    OPT_HEALTH_INTERVAL },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 }
};

/* The command line, which overrides the configuration files. */
struct options {
	const char	*conffile;	/* -c: the only file read */
	const char	*socket, *lender, *ca, *pin;
	int		 http, nokeyring, foreground, verbose;
	long		 interval;	/* 0: the file's */
};

static long
parse_interval(const char *arg)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v > 86400)
		die(1, "bad health interval \"%s\": must be 1 to 86400 "
		    "seconds", arg);
	return v;
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	int	ch;

	memset(o, 0, sizeof *o);
	while ((ch = getopt_long(argc, argv, "fvc:S:hV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			o->foreground = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'c':
			o->conffile = optarg;
			break;
		case 'S':
			o->socket = optarg;
			break;
		case OPT_LENDER:
			o->lender = optarg;
			break;
		case OPT_CA_FILE:
			o->ca = optarg;
			break;
		case OPT_PINNED_KEY:
			o->pin = optarg;
			break;
		case OPT_ALLOW_HTTP:
			o->http = 1;
			break;
		case OPT_NO_KEYRING:
			o->nokeyring = 1;
			break;
		case OPT_HEALTH_INTERVAL:
			o->interval = parse_interval(optarg);
			break;
		case 'h':
			usage(0);
		case 'V':
			printf("kabinetd %s (protocol %d)\n", KB_VERSION,
			    KB_PROTOCOL_VERSION);
			exit(0);
		default:
			usage(1);
		}
	}
	if (optind != argc)
		usage(1);
}

/* The system-wide file first (a terminal server's lender, for every
 * user), then the user's over it; -c names the only file read. */
static void
load_config(const struct options *o)
{
	char	*path, *confdir, *err;

	config_defaults(&cfg);
	if (o->conffile != NULL) {
		if (access(o->conffile, R_OK) == -1)
			die(1, "cannot read %s: %s", o->conffile,
			    strerror(errno));
		path = xstrdup(o->conffile);
	} else {
		confdir = xdg_dir("XDG_CONFIG_HOME", ".config");
		xasprintf(&path, "%s/kabinetd.conf", confdir);
		free(confdir);
	}
	if ((o->conffile == NULL &&
	    config_load(&cfg, CONFIG_SYSTEM_FILE, &err) == -1) ||
	    config_load(&cfg, path, &err) == -1)
		die(1, "%s", err);
	free(path);
}

/* Replaces *setting by value when the command line gave one. */
static void
override(char **setting, const char *value)
{
	if (value == NULL)
		return;
	free(*setting);
	*setting = xstrdup(value);
}

/* The command line over the files, then what follows from both. */
static void
apply_options(const struct options *o)
{
	char	*err;

	override(&cfg.lender_url, o->lender);
	override(&cfg.ca_file, o->ca);
	override(&cfg.pinned_key, o->pin);
	if (o->http)
		cfg.allow_http = 1;
	if (o->nokeyring)
		cfg.keyring = 0;
	if (o->interval != 0)
		cfg.health_interval_s = (int)o->interval;
	cfg.foreground = o->foreground;
	cfg.verbose = o->verbose;
	if (config_check_url(cfg.lender_url, cfg.allow_http, &err) == -1)
		die(1, "%s", err);
	/* Files are named absolutely: a daemon's cwd is "/". */
	if (cfg.ca_file != NULL)
		absolute(&cfg.ca_file, "CA file");
	if (cfg.pinned_key != NULL && strncmp(cfg.pinned_key, "sha256//",
	    8) != 0)
		absolute(&cfg.pinned_key, "pinned key file");
	if (config_pin(&cfg.pinned_key, &err) == -1)
		die(1, "%s", err);
	cfg.socket_path = o->socket != NULL ? xstrdup(o->socket) :
	    default_socket_path();
	cfg.state_dir = xdg_dir("XDG_STATE_HOME", ".local/state");
	mkdir_p(cfg.state_dir);
	if (chmod(cfg.state_dir, 0700) == -1)
		fatal("chmod %s", cfg.state_dir);
}

/* The single-instance lock (beside the socket, in our private
 * directory) in *lockfdp, and the listening socket: systemd's (then
 * *activated is 1) or our own. */
static int
open_socket(int *lockfdp, int *activated)
{
	char	*err;
	int	 fd;

	if (socket_dir(cfg.socket_path, &err) == -1)
		die(1, "%s", err);
	*lockfdp = take_lock(cfg.socket_path);
	*activated = 0;
	if ((fd = activated_fd()) != -1)
		*activated = 1;
	else if ((fd = socket_listen(cfg.socket_path, &err)) == -1)
		die(1, "%s", err);
	return fd;
}

/* Every module, lowest layer first (kabinetd.h), each upper one setting
 * its hooks in the lower; then clients are let in. */
static void
modules_start(int fd)
{
	methods_init();
	lender_init();
	session_init();
	challenge_init();
	follow_init();
	inbox_init();
	glance_init();
	outbox_on_settled("application", lending_apply_settled);
	outbox_init();		/* resend what a crash left */
	esia_init();
	socket_start(fd, methods_dispatch);
	health_start();		/* the event stream starts with a session */
}

static void
modules_stop(void)
{
	socket_shutdown();
	follow_stop();
	health_stop();
	lender_shutdown();
	session_shutdown();	/* the abandoned long poll */
	glance_stop();
	esia_shutdown();
}

/* Runs the loop until a signal, and cleans up. */
static void
run(int fd, int lockfd, int activated)
{
	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, (gpointer)"SIGTERM");
	g_unix_signal_add(SIGINT, on_signal, (gpointer)"SIGINT");
	modules_start(fd);
	g_main_loop_run(loop);
	modules_stop();
	if (!activated)
		unlink(cfg.socket_path);
	g_main_loop_unref(loop);
	close(lockfd);
}

int
main(int argc, char **argv)
{
	struct options	 o;
	int		 fd, lockfd, activated;

	/* Secrets live in this process: no core dumps, no ptrace peers. */
	nodump();
	umask(077);

	log_init("kabinetd", 1, 0);
	parse_options(argc, argv, &o);
	log_init("kabinetd", 1, o.verbose);
	load_config(&o);
	apply_options(&o);
	fd = open_socket(&lockfd, &activated);
	signal(SIGPIPE, SIG_IGN);
	if (!cfg.foreground) {
		/* The socket is ready: whoever started us may connect. */
		detach(lockfd);
		log_init("kabinetd", 0, cfg.verbose);
	} else
		write_pid(lockfd, getpid());
	log_info("kabinetd %s on %s, lender %s%s", KB_VERSION,
	    cfg.socket_path, cfg.lender_url,
	    activated ? " (socket activated)" : "");
	run(fd, lockfd, activated);
	config_free(&cfg);
	return 0;
}
