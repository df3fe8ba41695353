/*
 * main.c — kabinet: the terminal personal account, and its command line.
 *
 *   kabinet [-S path] [--no-start-daemon] [--exit-after seconds]
 *   kabinet [-S path] [--no-start-daemon] COMMAND [--json] [ARGS]
 *	(the commands: cli.c's table)
 */
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/client.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/nodump.h"
#include "kabinet/protocol.h"
#include "cli.h"
#include "tui.h"

static void
usage(FILE *f)
{
	struct buf	b = BUF_INIT;

	fprintf(f, "%s", _("usage: kabinet [-S path] [--no-start-daemon] "
	    "[--operator] [--exit-after seconds]\n"));
	cli_usages(&b, "       ", "       ");
	fputs(b.data, f);
	fprintf(f, "%s", _("\n"
	    "  -S, --socket PATH     the daemon's socket (default: "
	    "$KABINET_SOCKET,\n"
	    "                        else $XDG_RUNTIME_DIR/kabinet/"
	    "kabinetd.sock)\n"
	    "      --no-start-daemon do not start kabinetd when none answers\n"
	    "      --exit-after SECS quit after SECS seconds (for tests)\n"
	    "      --operator        the operator desk (support staff)\n"
	    "  -V, --version         print the version\n"
	    "  -h, --help            print this help\n"
	    "\n"
	    "Commands:\n"));
	buf_reset(&b);
	cli_list(&b);
	fputs(b.data, f);
	fprintf(f, "%s", _("\nkabinet help COMMAND tells more of each.\n"));
	buf_release(&b);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 'S' },
		{ "no-start-daemon", no_argument, NULL, 'N' },
		{ "exit-after", required_argument, NULL, 'x' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "operator", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	char		 path[PATH_MAX], *end;
	const char	*socket = NULL, *cs;
	double		 exit_after = 0;
	int		 c, may_start = 1, headless, operator = 0;

	/* Passwords and SMS codes are typed here: no core dumps, no ptrace
	 * peers, as in kabinetd. */
	nodump();
	i18n_init();
	log_init("kabinet", 1, 0);
	/* Not UTF-8: ASCII only, for the screen and the command line. */
	cs = nl_langinfo(CODESET);
	text_set_utf8(cs != NULL && strcmp(cs, "UTF-8") == 0);
	while ((c = getopt_long(argc, argv, "+S:Vh", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			socket = optarg;
			break;
		case 'N':
			may_start = 0;
			break;
		case 'x':
			exit_after = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || exit_after <= 0) {
				error(_("bad --exit-after \"%s\""), optarg);
				return CLI_USAGE;
			}
			break;
		case 'O':
			operator = 1;
			break;
		case 'V':
			printf("kabinet %s\n", KB_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (socket != NULL)
		snprintf(path, sizeof path, "%s", socket);
	else if (client_socket_path(path, sizeof path, NULL, 0) == -1) {
		error("%s", _("the socket path is too long"));
		return CLI_USAGE;
	}

	if (argc > 0)
		return cli_main(path, may_start, argc, argv);

	headless = !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO);
	if (headless && exit_after <= 0) {
		error("%s", _("not a terminal (use --exit-after for a bounded "
		    "headless run)"));
		return 1;
	}
	ui_init(headless);
	ui_push(&screen_start, NULL);
	if (operator)
		screen_op_login_open(NULL);
	conn_init(path, may_start);
	ui_run(exit_after, headless);
	ui_done();
	conn_close();
	return 0;
}
