/*
 * main.c — kabinet: the terminal personal account, and its command line.
 *
 *   kabinet [-S path] [--no-start-daemon] [--exit-after seconds]
 *   kabinet [-S path] [--no-start-daemon] status [--json]
 *   kabinet [-S path] [--no-start-daemon] history [--json] [filters]
 *   kabinet [-S path] [--no-start-daemon] pay [--loan ID] (--full | AMOUNT)
 *	[--card ID] [--yes]
 */
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinet/client.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/protocol.h"
#include "tui.h"

static void
usage(FILE *f)
{
	fprintf(f, _("usage: kabinet [-S path] [--no-start-daemon] "
	    "[--operator] [--exit-after seconds]\n"
	    "       kabinet [-S path] [--no-start-daemon] status [--json]\n"
	    "       kabinet [-S path] [--no-start-daemon] history [--json] "
	    "[--kind KIND]\n"
	    "               [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
	    "[--search TEXT] [--limit N]\n"
	    "       kabinet [-S path] [--no-start-daemon] pay [--loan ID] "
	    "(--full | AMOUNT)\n"
	    "               [--card ID] [--yes]\n"
	    "\n"
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
	    "Commands:\n"
	    "  status [--json]       the daemon's, lender's and account's "
	    "state\n"
	    "  history [--json] ...  payments and charges, newest first\n"
	    "  pay (--full | AMOUNT) pay the loan from a linked card\n"));
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
		{ "json", no_argument, NULL, 'j' },
		{ "operator", no_argument, NULL, 'O' },
		{ NULL, 0, NULL, 0 }
	};
	char		 path[PATH_MAX], *end;
	const char	*socket = NULL, *cs;
	double		 exit_after = 0;
	int		 c, may_start = 1, json = 0, headless, operator = 0;

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
				fprintf(stderr, _("kabinet: bad --exit-after "
				    "\"%s\"\n"), optarg);
				return 2;
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
			return 2;
		}
	}
	argc -= optind;
	argv += optind;

	if (socket != NULL)
		snprintf(path, sizeof path, "%s", socket);
	else if (client_socket_path(path, sizeof path, NULL, 0) == -1) {
		fprintf(stderr, "%s\n", _("kabinet: the socket path is too "
		    "long"));
		return 1;
	}

	if (argc > 0 && strcmp(argv[0], "history") == 0)
		return cli_history(path, may_start, argc, argv);
	if (argc > 0 && strcmp(argv[0], "pay") == 0)
		return cli_pay(path, may_start, argc, argv);
	if (argc > 0) {
		if (strcmp(argv[0], "status") != 0) {
			fprintf(stderr, _("kabinet: unknown command \"%s\"\n"),
			    argv[0]);
			usage(stderr);
			return 2;
		}
		optind = 1;
		while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
			if (c != 'j') {
				usage(stderr);
				return 2;
			}
			json = 1;
		}
		return cli_status(path, may_start, json);
	}

	headless = !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO);
	if (headless && exit_after <= 0) {
		fprintf(stderr, "%s\n", _("kabinet: not a terminal (use "
		    "--exit-after for a bounded headless run)"));
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
