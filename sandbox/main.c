/*
 * main.c — kabinet-sandbox: flags, start and stop.  See
 * kabinet-sandbox(1) and kabinet-lender-api(7).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

static const char usage_text[] =
"usage: kabinet-sandbox [options]\n"
"  --listen ADDR:PORT   address to listen on (default 127.0.0.1:8443;\n"
"                       port 0 lets the kernel pick one)\n"
"  --port-file FILE     write the bound port to FILE once listening\n"
"  --cert FILE          server certificate (PEM)\n"
"  --key FILE           server private key (PEM)\n"
"  --http               plain HTTP instead of HTTPS (loopback only)\n"
"  --db FILE|:memory:   SQLite database (default :memory:)\n"
"  --sms-outbox FILE    append every SMS to FILE as a JSON line\n"
"  --access-ttl SECONDS access token lifetime (default 900)\n"
"  --refresh-ttl SECONDS refresh token lifetime (default 2592000)\n"
"  --latency-ms N       delay every /v1/ answer by N ms\n"
"  --error-rate P       answer 500/502/503 with probability P\n"
"  --drop-rate P        close the connection unanswered with probability P\n"
"  --garbage-rate P     answer 200 with a non-JSON body with probability P\n"
"  --no-seed            do not create the demo borrowers\n"
"  --no-sandbox-api     turn off /sandbox/ (SMS outbox, faults, clock)\n"
"  --operator-shift SECONDS  operator session lifetime (default 28800)\n"
"  --operator-idle SECONDS   operator inactivity limit (default 900)\n"
"  --review-delay SECONDS  each step of an application's review takes\n"
"                       this long (default 0)\n"
"  -v, --verbose        log debug messages\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n";

enum {
	OPT_LISTEN = 256, OPT_PORT_FILE, OPT_CERT, OPT_KEY, OPT_HTTP, OPT_DB,
	OPT_SMS_OUTBOX, OPT_ACCESS_TTL, OPT_REFRESH_TTL, OPT_LATENCY,
	OPT_ERROR_RATE, OPT_DROP_RATE, OPT_GARBAGE_RATE, OPT_NO_SEED,
	OPT_NO_SANDBOX_API,
	OPT_OPERATOR_SHIFT = 400, OPT_OPERATOR_IDLE,
	OPT_REVIEW_DELAY = 420,
};

static const struct option longopts[] = {
	{ "listen",		required_argument, NULL, OPT_LISTEN },
	{ "port-file",		required_argument, NULL, OPT_PORT_FILE },
	{ "cert",		required_argument, NULL, OPT_CERT },
	{ "key",		required_argument, NULL, OPT_KEY },
	{ "http",		no_argument,	   NULL, OPT_HTTP },
	{ "db",			required_argument, NULL, OPT_DB },
	{ "sms-outbox",		required_argument, NULL, OPT_SMS_OUTBOX },
	{ "access-ttl",		required_argument, NULL, OPT_ACCESS_TTL },
	{ "refresh-ttl",	required_argument, NULL, OPT_REFRESH_TTL },
	{ "latency-ms",		required_argument, NULL, OPT_LATENCY },
	{ "error-rate",		required_argument, NULL, OPT_ERROR_RATE },
	{ "drop-rate",		required_argument, NULL, OPT_DROP_RATE },
	{ "garbage-rate",	required_argument, NULL, OPT_GARBAGE_RATE },
	{ "no-seed",		no_argument,	   NULL, OPT_NO_SEED },
	{ "no-sandbox-api",	no_argument,	   NULL, OPT_NO_SANDBOX_API },
	{ "operator-shift",	required_argument, NULL, OPT_OPERATOR_SHIFT },
	{ "operator-idle",	required_argument, NULL, OPT_OPERATOR_IDLE },
	{ "review-delay",	required_argument, NULL, OPT_REVIEW_DELAY },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static long
parse_long(const char *flag, const char *s, long min, long max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		fatalx("%s: \"%s\" is not a number from %ld to %ld", flag, s,
		    min, max);
	return v;
}

static double
parse_rate(const char *flag, const char *s)
{
	char	*end;
	double	 v;

	v = strtod(s, &end);
	if (end == s || *end != '\0' || !(v >= 0.0 && v <= 1.0))
		fatalx("%s: \"%s\" is not a probability from 0 to 1", flag, s);
	return v;
}

static void
read_file(const char *path, struct buf *b)
{
	char	chunk[4096];
	ssize_t	n;
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		fatal("\"%s\"", path);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(b, chunk, (size_t)n);
	if (n == -1)
		fatal("\"%s\"", path);
	close(fd);
	wipe(chunk, sizeof chunk);
}

static int
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
	return 0;
}

/* Binds "ADDR:PORT" or "[ADDR]:PORT"; returns the listening fd. */
static int
listen_on(const char *spec, int plain_http, int *portp)
{
	struct addrinfo		 hints, *ai;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen = sizeof ss;
	char			*host, *port;
	int			 fd, on = 1, rc;

	host = xstrdup(spec);
	if ((port = strrchr(host, ':')) == NULL)
		fatalx("--listen \"%s\": expected ADDR:PORT", spec);
	*port++ = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0)
		fatalx("--listen \"%s\": %s", spec, gai_strerror(rc));
	if (plain_http && !is_loopback(ai->ai_addr))
		fatalx("--http is allowed only on a loopback address, "
		    "not \"%s\"", host);
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol);
	if (fd == -1)
		fatal("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1)
		fatal("bind \"%s\"", spec);
	if (listen(fd, 64) == -1)
		fatal("listen");
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1)
		fatal("getsockname");
	*portp = ntohs(ss.ss_family == AF_INET6 ?
	    ((struct sockaddr_in6 *)&ss)->sin6_port :
	    ((struct sockaddr_in *)&ss)->sin_port);
	freeaddrinfo(ai);
	free(host);
	return fd;
}

/* Written whole and renamed into place, so a reader never sees half. */
static void
write_port_file(const char *path, int port)
{
	char	*tmp;
	FILE	*f;

	xasprintf(&tmp, "%s.tmp", path);
	if ((f = fopen(tmp, "w")) == NULL)
		fatal("\"%s\"", tmp);
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) == -1)
		fatal("\"%s\"", path);
	free(tmp);
}

int
main(int argc, char **argv)
{
	struct buf	 cert = BUF_INIT, key = BUF_INIT;
	struct faults	 f;
	sigset_t	 set;
	int		 ch, fd, port, sig;

	config_defaults(&sb_cfg);
	memset(&f, 0, sizeof f);
	log_init("kabinet-sandbox", 1, 0);
	while ((ch = getopt_long(argc, argv, "vhV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_LISTEN:
			sb_cfg.listen = optarg;
			break;
		case OPT_PORT_FILE:
			sb_cfg.port_file = optarg;
			break;
		case OPT_CERT:
			sb_cfg.cert = optarg;
			break;
		case OPT_KEY:
			sb_cfg.key = optarg;
			break;
		case OPT_HTTP:
			sb_cfg.http = 1;
			break;
		case OPT_DB:
			sb_cfg.db = optarg;
			break;
		case OPT_SMS_OUTBOX:
			sb_cfg.sms_outbox = optarg;
			break;
		case OPT_ACCESS_TTL:
			sb_cfg.access_ttl = parse_long("--access-ttl", optarg,
			    1, 365L * 24 * 3600);
			break;
		case OPT_REFRESH_TTL:
			sb_cfg.refresh_ttl = parse_long("--refresh-ttl",
			    optarg, 1, 10L * 365 * 24 * 3600);
			break;
		case OPT_LATENCY:
			f.latency_ms = parse_long("--latency-ms", optarg, 0,
			    60000);
			break;
		case OPT_ERROR_RATE:
			f.error_rate = parse_rate("--error-rate", optarg);
			break;
		case OPT_DROP_RATE:
			f.drop_rate = parse_rate("--drop-rate", optarg);
			break;
		case OPT_GARBAGE_RATE:
			f.garbage_rate = parse_rate("--garbage-rate", optarg);
			break;
		case OPT_NO_SEED:
			sb_cfg.seed = 0;
			break;
		case OPT_NO_SANDBOX_API:
			sb_cfg.sandbox_api = 0;
			break;
		case OPT_OPERATOR_SHIFT:
			sb_cfg.operator_shift = parse_long("--operator-shift",
			    optarg, 1, 7L * 24 * 3600);
			break;
		case OPT_OPERATOR_IDLE:
			sb_cfg.operator_idle = parse_long("--operator-idle",
			    optarg, 1, 24L * 3600);
			break;
		case OPT_REVIEW_DELAY:
			sb_review_delay = parse_long("--review-delay", optarg,
			    0, 24L * 3600);
			break;
		case 'v':
			sb_cfg.verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case 'V':
			printf("kabinet-sandbox %s\n", KB_VERSION);
			return 0;
		default:
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(usage_text, stderr);
		return 2;
	}
	log_init("kabinet-sandbox", 1, sb_cfg.verbose);
	if (f.error_rate + f.drop_rate + f.garbage_rate > 1.0)
		fatalx("the fault rates add up to more than 1");
	fault_set(&f);
	if (!sb_cfg.http && (sb_cfg.cert == NULL || sb_cfg.key == NULL))
		fatalx("--cert and --key are required (or --http on loopback)");
	if (!sb_cfg.http) {
		read_file(sb_cfg.cert, &cert);
		read_file(sb_cfg.key, &key);
	}

	if (db_open(sb_cfg.db) != 0)
		fatalx("cannot open the database \"%s\"", sb_cfg.db);
	operator_seal_secrets();
	if (sb_cfg.seed)
		seed_demo();
	if (sms_open_outbox(sb_cfg.sms_outbox) != 0)
		fatalx("cannot open the SMS outbox");

	/* Only this thread takes the signals; MHD's threads inherit the
	 * mask. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (lending_start_reviewer() != 0)
		fatalx("cannot start the application reviewer");

	fd = listen_on(sb_cfg.listen, sb_cfg.http, &port);
	if (http_start(fd, sb_cfg.http ? NULL : cert.data,
	    sb_cfg.http ? NULL : key.data) != 0)
		fatalx("cannot serve on \"%s\"", sb_cfg.listen);
	buf_wipe_release(&key);
	buf_release(&cert);
	if (sb_cfg.port_file != NULL)
		write_port_file(sb_cfg.port_file, port);
	log_info("listening on %s port %d (%s)", sb_cfg.listen, port,
	    sb_cfg.http ? "http" : "https");

	while (sigwait(&set, &sig) != 0)
		;
	log_info("stopping on signal %d", sig);
	events_shutdown();
	http_stop();
	close(fd);
	/* The reviewer thread ticks under the lock: held from here on, it
	 * never touches the database once closed. */
	sb_lock();
	db_close();
	sms_open_outbox(NULL);
	ratelimit_reset();
	if (sb_cfg.port_file != NULL)
		unlink(sb_cfg.port_file);
	return 0;
}
