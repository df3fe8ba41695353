/*
 * kabinetd.c — main(): flags, config, the single-instance lock, the
 * listening socket (or systemd's), daemonizing, and the GLib main loop.
 */
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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
	if (fd == -1) {
		fprintf(stderr, "kabinetd: cannot open %s: %s\n", path,
		    strerror(errno));
		exit(1);
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK) {
			fprintf(stderr, "kabinetd: cannot lock %s: %s\n",
			    path, strerror(errno));
			exit(1);
		}
		n = pread(fd, buf, sizeof buf - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		fprintf(stderr, "kabinetd: already running (pid %s)\n",
		    *buf != '\0' ? buf : "?");
		exit(1);
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
	    NULL)) == NULL) {
		fprintf(stderr, "kabinetd: cannot read %s %s: %s\n", what,
		    *pathp, strerror(errno));
		exit(1);
	}
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

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "foreground",		no_argument,		NULL, 'f' },
		{ "verbose",		no_argument,		NULL, 'v' },
		{ "config",		required_argument,	NULL, 'c' },
		{ "socket",		required_argument,	NULL, 'S' },
		{ "lender",		required_argument,	NULL, OPT_LENDER },
		{ "ca-file",		required_argument,	NULL, OPT_CA_FILE },
		{ "pinned-key",		required_argument,	NULL,
		    OPT_PINNED_KEY },
		{ "allow-http",		no_argument,		NULL,
		    OPT_ALLOW_HTTP },
		{ "no-keyring",		no_argument,		NULL,
		    OPT_NO_KEYRING },
		{ "health-interval",	required_argument,	NULL,
		    OPT_HEALTH_INTERVAL },
		{ "help",		no_argument,		NULL, 'h' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL,			0,			NULL, 0 }
	};
	struct rlimit	 rl = { 0, 0 };
	const char	*conffile = NULL, *o_socket = NULL, *o_lender = NULL;
	const char	*o_ca = NULL, *o_pin = NULL;
	int		 o_http = 0, o_nokeyring = 0, o_fg = 0, o_verbose = 0;
	long		 o_interval = 0;
	char		*path, *confdir, *err, *end;
	int		 ch, lockfd, fd, activated = 0;

	/* Secrets live in this process: no core dumps, no ptrace peers. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &rl);
	umask(077);

	while ((ch = getopt_long(argc, argv, "fvc:S:hV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			o_fg = 1;
			break;
		case 'v':
			o_verbose = 1;
			break;
		case 'c':
			conffile = optarg;
			break;
		case 'S':
			o_socket = optarg;
			break;
		case OPT_LENDER:
			o_lender = optarg;
			break;
		case OPT_CA_FILE:
			o_ca = optarg;
			break;
		case OPT_PINNED_KEY:
			o_pin = optarg;
			break;
		case OPT_ALLOW_HTTP:
			o_http = 1;
			break;
		case OPT_NO_KEYRING:
			o_nokeyring = 1;
			break;
		case OPT_HEALTH_INTERVAL:
			errno = 0;
			o_interval = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || o_interval < 1 ||
			    o_interval > 86400) {
				fprintf(stderr, "kabinetd: bad health "
				    "interval \"%s\": must be 1 to 86400 "
				    "seconds\n", optarg);
				exit(1);
			}
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

	log_init("kabinetd", 1, o_verbose);
	config_defaults(&cfg);
	if (conffile != NULL) {
		if (access(conffile, R_OK) == -1) {
			fprintf(stderr, "kabinetd: cannot read %s: %s\n",
			    conffile, strerror(errno));
			exit(1);
		}
		path = xstrdup(conffile);
	} else {
		confdir = xdg_dir("XDG_CONFIG_HOME", ".config");
		xasprintf(&path, "%s/kabinetd.conf", confdir);
		free(confdir);
	}
	/* The system-wide file first (a terminal server's lender, for every
	 * user), then the user's over it; -c names the only file read. */
	if ((conffile == NULL &&
	    config_load(&cfg, CONFIG_SYSTEM_FILE, &err) == -1) ||
	    config_load(&cfg, path, &err) == -1) {
		fprintf(stderr, "kabinetd: %s\n", err);
		exit(1);
	}
	free(path);

	/* The command line overrides the file. */
	if (o_lender != NULL) {
		free(cfg.lender_url);
		cfg.lender_url = xstrdup(o_lender);
	}
	if (o_ca != NULL) {
		free(cfg.ca_file);
		cfg.ca_file = xstrdup(o_ca);
	}
	if (o_pin != NULL) {
		free(cfg.pinned_key);
		cfg.pinned_key = xstrdup(o_pin);
	}
	if (o_http)
		cfg.allow_http = 1;
	if (o_nokeyring)
		cfg.keyring = 0;
	if (o_interval != 0)
		cfg.health_interval_s = (int)o_interval;
	cfg.foreground = o_fg;
	cfg.verbose = o_verbose;
	if (config_check_url(cfg.lender_url, cfg.allow_http, &err) == -1) {
		fprintf(stderr, "kabinetd: %s\n", err);
		exit(1);
	}
	/* Files are named absolutely: a daemon's cwd is "/". */
	if (cfg.ca_file != NULL)
		absolute(&cfg.ca_file, "CA file");
	if (cfg.pinned_key != NULL && strncmp(cfg.pinned_key, "sha256//",
	    8) != 0)
		absolute(&cfg.pinned_key, "pinned key file");
	if (config_pin(&cfg.pinned_key, &err) == -1) {
		fprintf(stderr, "kabinetd: %s\n", err);
		exit(1);
	}
	cfg.socket_path = o_socket != NULL ? xstrdup(o_socket) :
	    default_socket_path();
	cfg.state_dir = xdg_dir("XDG_STATE_HOME", ".local/state");
	mkdir_p(cfg.state_dir);
	if (chmod(cfg.state_dir, 0700) == -1)
		fatal("chmod %s", cfg.state_dir);

	/* The lock lives beside the socket, in our private directory. */
	if (socket_dir(cfg.socket_path, &err) == -1) {
		fprintf(stderr, "kabinetd: %s\n", err);
		exit(1);
	}
	lockfd = take_lock(cfg.socket_path);
	if ((fd = activated_fd()) != -1)
		activated = 1;
	else if ((fd = socket_listen(cfg.socket_path, &err)) == -1) {
		fprintf(stderr, "kabinetd: %s\n", err);
		exit(1);
	}

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

	loop = g_main_loop_new(NULL, FALSE);
	g_unix_signal_add(SIGTERM, on_signal, (gpointer)"SIGTERM");
	g_unix_signal_add(SIGINT, on_signal, (gpointer)"SIGINT");

	methods_init();
	lender_init();
	session_init();
	challenge_init();
	follow_init();
	outbox_on_settled("application", lending_apply_settled);
	outbox_init();		/* resend what a crash left */
	esia_init();
	socket_start(fd, methods_dispatch);
	health_start();		/* the event stream starts with a session */

	g_main_loop_run(loop);

	socket_shutdown();
	follow_stop();
	health_stop();
	lender_shutdown();
	session_shutdown();	/* the abandoned long poll */
	esia_shutdown();
	if (!activated)
		unlink(cfg.socket_path);
	g_main_loop_unref(loop);
	close(lockfd);
	config_free(&cfg);
	return 0;
}
