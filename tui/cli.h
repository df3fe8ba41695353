/*
 * cli.h — kabinet's command line: one table of commands (cli.c, after
 * tmux's cmd_entry), the commands themselves one group a file (cmd_*.c),
 * and what they share: the connection, answering an SMS code, secrets
 * read without echo, human and --json output, the exit statuses.
 */
#ifndef KABINET_CLI_H
#define KABINET_CLI_H

#include <jansson.h>

#include "kabinet/buf.h"
#include "kabinet/client.h"

/* Exit statuses, as kabinet(1) documents them. */
enum cli_exit {
	CLI_OK = 0,
	CLI_REFUSED = 1,	/* the lender or the daemon said no */
	CLI_USAGE = 2,		/* bad arguments; nothing was sent */
	CLI_PENDING = 3,	/* sent; the lender has not confirmed yet */
	CLI_SIGNED_OUT = 4,	/* needs a signed-in account */
	CLI_NO_DAEMON = 5,	/* no daemon answered */
	CLI_NO_CODE = 6,	/* an SMS code was asked for and not given */
	CLI_EXPIRED = 7,	/* a payment link expired unpaid */
};

struct cli;
struct cli_cmd {
	const char	*name;
	const char	*args;		/* after the name, for usage; '\n'
					   between alternatives */
	const char	*summary;	/* N_(): one line */
	const char	*help;		/* N_(): what kabinet(1) says */
	int		(*exec)(struct cli *, int argc, char **argv);
};

struct cli_answer {
	struct client_pending	 p;	/* first */
	struct cli		*k;
	int			 busy;
};

struct cli {
	const struct cli_cmd	*cmd;
	const char		*path;
	int			 may_start;
	int			 json;		/* --json */
	int			 code_fd;	/* --code-fd, or -1 */
	int			 connected;
	struct client_conn	 cc;
	int			 answering;	/* challenges are ours now */
	const char		*purpose;	/* ... of this purpose (NULL:
						   any) */
	int			 no_code;	/* one came and no code did */
	json_t			*challenge;	/* the open challenge.required */
	json_t			*hello;		/* hello's answer */
	struct cli_answer	 answer;	/* challenge.answer in flight */
	/* Every notification the daemon sends, while set. */
	void			(*on_event)(struct cli *, const char *method,
				    json_t *params);
	void			*event_arg;
};

/* Connects and says hello (its answer kept in k->hello); CLI_OK or the
 * exit status (reported). */
int	 cli_connect(struct cli *);
/*
 * One call, answering any SMS code the daemon asks for meanwhile when
 * answering is set.  CLI_OK with *resultp (new ref), else the exit status
 * with the error reported (as JSON with --json).  params is stolen.
 */
int	 cli_call(struct cli *, const char *method, json_t *params,
	    int answering, json_t **resultp);
/* A command of no arguments that shows one call's answer: CLI_OK with
 * *resultp for the caller to print and release, or with *resultp NULL
 * when --json printed it already; else the exit status (reported). */
int	 cli_fetch(struct cli *, int argc, const char *method,
	    json_t **resultp);
/* The same, but an error answer is handed back (*errorp, new ref; return
 * 1) for the caller to look at; -1 when the daemon did not answer. */
int	 cli_call_raw(struct cli *, const char *method, json_t *params,
	    int answering, json_t **resultp, json_t **errorp);
/* Reports a daemon error (human on stderr, or JSON on stdout); returns
 * the exit status it means. */
int	 cli_fail(struct cli *, json_t *error);
/* Reports our own error, git's error() with a reason for --json; returns
 * status. */
int	 cli_error(struct cli *, int status, const char *reason,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "usage: kabinet NAME ARGS" on stderr (or JSON); CLI_USAGE. */
int	 cli_usage(struct cli *);
/* Prints v as JSON on stdout (indented, sorted keys). */
void	 cli_json(json_t *v);

/*
 * Reads a secret line (password, code, PAN): from fd when fd >= 0, else
 * from the terminal with echo off after prompt on stderr.  0, or -1 when
 * there is neither (no terminal, EOF).  The caller wipes buf.
 */
int	 cli_read_secret(const char *prompt, int fd, char *buf, size_t len);
/* cli_read_secret() for a command: CLI_OK, or CLI_USAGE with missing
 * reported when there is no secret to read (buf wiped). */
int	 cli_secret(struct cli *, const char *prompt, int fd, char *buf,
	    size_t len, const char *missing);
/* A line typed on the terminal (echo on) after prompt; -1 with no
 * terminal or nothing typed. */
int	 cli_prompt(const char *prompt, char *buf, size_t len);
/* Asks question "[y/N]" on the terminal; 1 for yes. */
int	 cli_confirm(const char *question);
/* A file descriptor from an option's argument; -1 if not one. */
int	 cli_fd_arg(const char *);

/* Human output: UTF-8 as this terminal can show it, one line. */
void	 cli_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "Label:        value", the values lined up. */
void	 cli_row(const char *label, const char *value);
void	 cli_money_row(const char *label, json_int_t kopecks);
/* s padded with spaces to width display cells (right: before s). */
void	 cli_pad(struct buf *, const char *s, size_t width, int right);
/* A date member as shown (date_show_iso): "15.12.2026" in Russian.  The
 * buffer is static: one call per printed line. */
const char *cli_date(json_t *, const char *key);
/* The non-zero parts of a payment's split, indented, one a line. */
void	 cli_split(json_t *split);
/* A card as shown: "Mir 220070…1111". */
void	 cli_card(json_t *card, char *out, size_t len);

/* The commands, cmd_*.c. */
int	 cmd_status(struct cli *, int, char **);
int	 cmd_login(struct cli *, int, char **);
int	 cmd_logout(struct cli *, int, char **);
int	 cmd_loans(struct cli *, int, char **);
int	 cmd_loan(struct cli *, int, char **);
int	 cmd_apply(struct cli *, int, char **);
int	 cmd_extend(struct cli *, int, char **);
int	 cmd_pay(struct cli *, int, char **);
/* cmd_sbp.c: kabinet pay --sbp, once the loan and the amount are known:
 * the link (and its QR code where the terminal can show it), then the
 * wait for its outcome; the exit status. */
int	 cmd_pay_sbp(struct cli *, json_t *loan, json_int_t amount, int yes,
	    int again);
/* Reads and dispatches notifications until *flag is set: 0, or -1 when
 * the daemon went or timeout_ms passed in silence. */
int	 cli_wait_flag(struct cli *, const int *flag, int timeout_ms);
int	 cmd_history(struct cli *, int, char **);
int	 cmd_cards(struct cli *, int, char **);
int	 cmd_documents(struct cli *, int, char **);
int	 cmd_profile(struct cli *, int, char **);
int	 cmd_document(struct cli *, int, char **);
int	 cmd_services(struct cli *, int, char **);
int	 cmd_autopay(struct cli *, int, char **);
int	 cmd_appeals(struct cli *, int, char **);
int	 cmd_appeal(struct cli *, int, char **);
int	 cmd_notifications(struct cli *, int, char **);
/* status --short's line from an account.summary answer. */
void	 cli_status_line(json_t *summary, struct buf *);

/* The command line as main() hands it over: argv[0] is the command. */
int	 cli_main(const char *socket_path, int may_start, int argc,
	    char **argv);
/* The commands' one-line summaries, for kabinet --help. */
void	 cli_list(struct buf *);
/* Every command's usage lines, the first after first, the others after
 * cont (kabinet --help). */
void	 cli_usages(struct buf *, const char *first, const char *cont);
/* One command's usage lines: "FIRST PREFIX NAME ARGS". */
void	 cli_usage_lines(struct buf *, const struct cli_cmd *,
	    const char *first, const char *cont, const char *prefix);

#endif
