/*
 * cli.c — kabinet's command line: the table of commands (after tmux's
 * cmd_entry), `kabinet help COMMAND`, and what every command shares: the
 * connection and its hello, answering an SMS code the daemon asks for,
 * secrets read without echo, human and --json output, exit statuses.
 *
 * Output is plain text, line by line, whatever stdout is: no colour, no
 * box drawing, no spinner, no cursor movement, so that a pipe, a screen
 * reader or a braille display gets exactly what a terminal shows.
 */
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/date.h"
#include "kabinet/i18n.h"
#include "kabinet/log.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "cli.h"
#include "tui.h"

#define CLI_TIMEOUT_MS		10000
#define CLI_SLOW_TIMEOUT_MS	120000	/* calls that may wait for a code */

static const struct cli_cmd cli_cmds[] = {
	{ "status", "[--json] [--short]",
	  N_("the daemon's, lender's and account's state"),
	  N_("Says hello to the daemon (starting it when allowed) and prints "
	  "its version, whether the lender is reachable, its products and "
	  "whether the account is signed in.  With --short, one line for a "
	  "shell prompt or a status bar: the open loan's due date and amount "
	  "and the unread messages, answered by the daemon from what it "
	  "knows, without asking the lender."), cmd_status },
	{ "login", "[--json] [--password-fd N] [--code-fd N] [PHONE]",
	  N_("sign in with the phone, the password and an SMS code"),
	  N_("Signs in as PHONE (asked for on the terminal when not given).  "
	  "The password is read from the terminal with echo off, or as one "
	  "line from file descriptor N; the SMS code, when the lender asks "
	  "for one, the same way (--code-fd)."),
	  cmd_login },
	{ "logout", "[--json]",
	  N_("sign out and forget the session"),
	  N_("Signs out: the lender's session ends and the daemon forgets "
	  "its tokens."), cmd_logout },
	{ "loans", "[--json]",
	  N_("the loans and applications"),
	  N_("Lists every loan (contract, amount, state, due date, what is "
	  "owed) and every application still being decided."), cmd_loans },
	{ "loan", "[--json] ID",
	  N_("one loan: schedule, payments, what is due"),
	  N_("Shows loan ID: its terms, the repayment schedule, what is due "
	  "today and the payments made."), cmd_loan },
	{ "apply", "[--json] [--card ID] [--yes] [--code-fd N] AMOUNT DAYS",
	  N_("apply for a loan of AMOUNT roubles for DAYS days"),
	  N_("Shows the quote (total, due date, overpayment, ПСК) and the "
	  "individual terms, asks for confirmation (--yes: not) and signs the "
	  "application with the SMS code, which --yes never skips."),
	  cmd_apply },
	{ "extend", "[--json] [--loan ID] [--card ID] [--yes] [--code-fd N] "
	  "DAYS",
	  N_("extend the loan by DAYS days"),
	  N_("Shows what an extension by DAYS days costs and the new due "
	  "date, asks for confirmation (--yes: not) and pays for it from the "
	  "default card (or card ID)."), cmd_extend },
	{ "pay", "[--json] [--loan ID] [--card ID | --sbp] [--yes] [--again] "
	  "[--code-fd N] (--full | AMOUNT)",
	  N_("pay the loan from a linked card, or by СБП"),
	  N_("Pays AMOUNT roubles (or, with --full, all that is due today) "
	  "from the default card (or card ID), after a confirmation that "
	  "--yes skips.  When the same payment, made before, is not yet "
	  "confirmed by the lender, it asks again before paying a second "
	  "time; with --yes it pays a second time only with --again.  With "
	  "--sbp it prints the lender's СБП payment link (and its QR code "
	  "where the terminal can show it) for the bank's app, and waits: "
	  "exit 0 paid, 1 refused in the bank, 7 expired unpaid, 3 no word "
	  "yet."), cmd_pay },
	{ "history", "[--json | --csv] [--kind KIND] [--from DATE] "
	  "[--to DATE] [--search TEXT] [--limit N]",
	  N_("payments and charges, newest first"),
	  N_("Every payment and charge, newest first, one a line: date, "
	  "kind, amount and status (--csv: as the screen's export writes "
	  "them).  DATE is DD.MM.YYYY or YYYY-MM-DD."), cmd_history },
	{ "cards", "[--json] [list | remove ID | default ID]\n"
	  "add [--json] [--pan-fd N] [--code-fd N] MM/YY HOLDER",
	  N_("the linked cards: list, add, remove, default"),
	  N_("Lists the linked cards (the default marked *), links a new one "
	  "(the card number read with echo off, or from file descriptor N), "
	  "unlinks one or makes one the default."), cmd_cards },
	{ "services", "[--json] [list | on ID | off ID] [--code-fd N]",
	  N_("the paid services: list, on, off"),
	  N_("Lists the lender's paid services with their prices and terms, "
	  "and turns one on or off."), cmd_services },
	{ "autopay", "[--json] [status | on | off] [--code-fd N]",
	  N_("autopay: the default card charged on the due date"),
	  N_("Shows whether the lender charges the default card on the "
	  "loan's due date, and the next charge; on prints the consent's "
	  "text and signs it with the SMS code; off withdraws it at once, "
	  "without a code."), cmd_autopay },
	{ "documents", "[--json]",
	  N_("every document accepted or signed"),
	  N_("Lists every document the borrower accepted or signed (the "
	  "ПЭП agreement, consents, the individual terms of each loan): id, "
	  "date signed, version, title and SHA-256."), cmd_documents },
	{ "profile", "[--json] [email ADDRESS | postal-address TEXT] "
	  "[--code-fd N]",
	  N_("what the lender holds about you; change e-mail or address"),
	  N_("Prints what the lender holds about the borrower, as My profile "
	  "shows it: name, birth date, the passport, SNILS and INN masked, "
	  "the registration and postal addresses, e-mail and the phone "
	  "masked.  email and postal-address change those after the SMS "
	  "code the lender sends (--code-fd N, or typed with echo off); the "
	  "phone number is changed by support after a passport check."),
	  cmd_profile },
	{ "document", "[--json] [--output FILE] ID",
	  N_("one document's text, checked against its SHA-256"),
	  N_("Prints the exact text of document ID (or writes it to FILE as "
	  "plain UTF-8), after checking it against the SHA-256 kept with the "
	  "signature; a text that does not match is refused."), cmd_document },
	{ "appeals", "[--json]",
	  N_("the borrower's appeals to the lender"),
	  N_("Lists the borrower's appeals (обращения) to the lender: id, "
	  "number, date, subject and status (overdue when the legal period "
	  "to answer is over)."), cmd_appeals },
	{ "appeal", "[--json] ID | new --subject SUBJECT --text TEXT",
	  N_("one appeal with its answer, or a new one"),
	  N_("Prints appeal ID with its status and the lender's answer; new "
	  "sends an appeal: SUBJECT is payment_not_credited, dispute_charge, "
	  "credit_holiday or other, and TEXT (at most 2000 characters) is "
	  "read from the standard input when it is -."), cmd_appeal },
	{ "notifications", "[--json] [--all] [list | read ID | read --all]",
	  N_("the lender's messages, unread or --all; mark them read"),
	  N_("Lists the lender's messages not yet read (--all: every one), "
	  "newest first: its id, when it came, its title and its text; the "
	  "unread ones are marked *.  read ID marks one read, read --all "
	  "every one."), cmd_notifications },
	{ "help", "[COMMAND]",
	  N_("what a command does and its options"),
	  N_("Prints the usage and description of COMMAND, the same as "
	  "kabinet COMMAND --help."), NULL },
};
#define CLI_NCMDS	(sizeof cli_cmds / sizeof cli_cmds[0])

static const struct cli_cmd *
cli_find(const char *name)
{
	size_t	i;

	for (i = 0; i < CLI_NCMDS; i++)
		if (strcmp(cli_cmds[i].name, name) == 0)
			return &cli_cmds[i];
	return NULL;
}

/*
 * "PREFIX NAME ARGS" for each of the command's usage lines (args holds
 * them '\n'-separated), as `kabinet --help` and `help COMMAND` print them:
 * the first after first, the rest after cont, a line too long broken
 * before a "[" or "(" group.
 */
void
cli_usage_lines(struct buf *b, const struct cli_cmd *c, const char *first,
    const char *cont, const char *prefix)
{
	const char	*p = c->args, *nl, *q;
	size_t		 start, brk, depth;
	struct buf	 l = BUF_INIT;

	for (;;) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		buf_reset(&l);
		buf_addf(&l, "%s%s%s %.*s", p == c->args ? first : cont, prefix,
		    c->name, (int)(nl - p), p);
		/* Break at the last group that still fits in 79 columns. */
		start = 0;
		while (l.len - start > (start == 0 ? 79 : 64)) {
			brk = 0;
			depth = 0;
			for (q = l.data + start; q < l.data + start +
			    (start == 0 ? 79 : 64); q++) {
				if ((*q == '[' || *q == '(') && depth++ == 0 &&
				    q > l.data + start && q[-1] == ' ')
					brk = (size_t)(q - l.data);
				else if (*q == ']' || *q == ')')
					depth--;
			}
			if (brk <= start)
				break;
			buf_add(b, l.data + start, brk - 1 - start);
			buf_addf(b, "\n%*s", 15, "");
			start = brk;
		}
		buf_addf(b, "%s\n", l.data + start);
		if (*nl == '\0')
			break;
		p = nl + 1;
	}
	buf_release(&l);
}

void
cli_usages(struct buf *b, const char *first, const char *cont)
{
	size_t	i;

	for (i = 0; i < CLI_NCMDS; i++)
		cli_usage_lines(b, &cli_cmds[i], first, cont,
		    cli_cmds[i].exec != NULL ? "kabinet [-S path] "
		    "[--no-start-daemon] " : "kabinet ");
}

void
cli_list(struct buf *b)
{
	size_t	i;

	for (i = 0; i < CLI_NCMDS; i++) {
		buf_addf(b, "  %s", cli_cmds[i].name);
		/* A name as long as the column still gets a space. */
		cli_pad(b, "", strlen(cli_cmds[i].name) < 12 ?
		    12 - strlen(cli_cmds[i].name) : 1, 0);
		buf_addf(b, "%s\n", _(cli_cmds[i].summary));
	}
}

/* Text wrapped at width display cells, a line at a time. */
static void
cli_wrap(FILE *f, const char *text, size_t width)
{
	struct buf	 line = BUF_INIT, word = BUF_INIT, shown = BUF_INIT;
	const char	*p = text, *sp;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if ((sp = strchr(p, ' ')) == NULL)
			sp = p + strlen(p);
		buf_reset(&word);
		buf_add(&word, p, (size_t)(sp - p));
		if (line.len > 0 && text_width(line.data) + 1 +
		    text_width(word.data) > width) {
			text_display(line.data, &shown);
			fprintf(f, "%s\n", shown.data);
			buf_reset(&shown);
			buf_reset(&line);
		}
		if (line.len > 0)
			buf_addch(&line, ' ');
		buf_adds(&line, word.data);
		p = sp;
	}
	if (line.len > 0) {
		text_display(line.data, &shown);
		fprintf(f, "%s\n", shown.data);
	}
	buf_release(&line);
	buf_release(&word);
	buf_release(&shown);
}

static void
cli_help(const struct cli_cmd *c, FILE *f)
{
	struct buf	b = BUF_INIT;

	cli_usage_lines(&b, c, _("usage: "), "       ", "kabinet ");
	fprintf(f, "%s\n", b.data);
	cli_wrap(f, _(c->help), 72);
	buf_release(&b);
}

const char *
cli_date(json_t *o, const char *key)
{
	static char	out[DATE_FMT_LEN + 32];

	return date_show_iso(jstr(o, key), out, sizeof out);
}

void
cli_print(const char *fmt, ...)
{
	struct buf	raw = BUF_INIT, shown = BUF_INIT;
	va_list		ap;

	va_start(ap, fmt);
	buf_vaddf(&raw, fmt, ap);
	va_end(ap);
	text_display(raw.data, &shown);
	fputs(shown.data, stdout);
	putchar('\n');
	buf_release(&raw);
	buf_release(&shown);
}

void
cli_pad(struct buf *b, const char *s, size_t width, int right)
{
	size_t	n = text_width(s);

	if (!right)
		buf_adds(b, s);
	while (n++ < width)
		buf_addch(b, ' ');
	if (right)
		buf_adds(b, s);
}

void
cli_row(const char *label, const char *value)
{
	struct buf	b = BUF_INIT;

	cli_pad(&b, label, 22, 0);
	buf_adds(&b, value);
	cli_print("%s", b.data);
	buf_release(&b);
}

void
cli_money_row(const char *label, json_int_t k)
{
	char	m[MONEY_FMT_LEN];

	cli_row(label, text_money(k, m, sizeof m));
}

void
cli_split(json_t *sp)
{
	struct buf	b = BUF_INIT;
	char		m[MONEY_FMT_LEN];
	json_int_t	v;
	size_t		i;

	for (i = 0; i < SPLIT_NPARTS; i++) {
		if ((v = json_integer_value(json_object_get(sp,
		    split_parts[i].key))) == 0)
			continue;
		buf_reset(&b);
		buf_adds(&b, "  ");
		cli_pad(&b, _(split_parts[i].label), 20, 0);
		buf_adds(&b, text_money(v, m, sizeof m));
		cli_print("%s", b.data);
	}
	buf_release(&b);
}

void
cli_card(json_t *c, char *out, size_t len)
{
	const char	*b = jstr(c, "brand");

	snprintf(out, len, "%s %s…%s", strcmp(b, "mir") == 0 ? "Mir" :
	    strcmp(b, "visa") == 0 ? "Visa" : strcmp(b, "mastercard") == 0 ?
	    "Mastercard" : b, jstr(c, "first6"), jstr(c, "last4"));
}

void
cli_json(json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
}

int
cli_error(struct cli *k, int status, const char *reason, const char *fmt,
    ...)
{
	struct buf	 b = BUF_INIT;
	json_t		*j;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (k != NULL && k->json) {
		j = json_pack("{s:{s:s, s:s, s:i}}", "error", "reason", reason,
		    "message", b.data, "exit", status);
		cli_json(j);
		json_decref(j);
	} else
		error("%s", b.data);
	buf_release(&b);
	return status;
}

int
cli_usage(struct cli *k)
{
	struct buf	b = BUF_INIT;

	cli_usage_lines(&b, k->cmd, _("usage: "), "       ", "kabinet ");
	b.data[b.len - 1] = '\0';	/* the last newline */
	cli_error(k, CLI_USAGE, "usage", "%s", b.data);
	buf_release(&b);
	return CLI_USAGE;
}

/* The exit status a daemon error means. */
static int
cli_status_of(struct cli *k, const char *reason)
{
	static const struct {
		const char	*reason;
		int		 status;
	} map[] = {
		{ R_NOT_LOGGED_IN,	CLI_SIGNED_OUT },
		{ R_SESSION_EXPIRED,	CLI_SIGNED_OUT },
		{ R_VALIDATION,		CLI_USAGE },
		{ R_INVALID_PARAMS,	CLI_USAGE },
		{ R_PAYMENT_PENDING,	CLI_PENDING },
		{ R_PAYMENT_UNSETTLED,	CLI_PENDING },
		{ "daemon_gone",	CLI_NO_DAEMON },
	};
	size_t	i;

	if (k->no_code)
		return CLI_NO_CODE;
	for (i = 0; reason != NULL && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].reason, reason) == 0)
			return map[i].status;
	return CLI_REFUSED;
}

int
cli_fail(struct cli *k, json_t *err)
{
	struct buf	 b = BUF_INIT;
	json_t		*j;
	int		 status = cli_status_of(k, reasons_of(err));

	if (k->json) {
		j = json_pack("{s:O}", "error", err);
		json_object_set_new(json_object_get(j, "error"), "exit",
		    json_integer(status));
		cli_json(j);
		json_decref(j);
	} else {
		if (k->no_code)
			error("%s", _("an SMS code was asked for and none was "
			    "given (use a terminal, or --code-fd)"));
		reasons_describe(err, &b);
		error("%s", b.data != NULL && *b.data != '\0' ? b.data :
		    reasons_text(reasons_of(err)));
	}
	buf_release(&b);
	return status;
}

/* ---- secrets and questions on the terminal ---- */

int
cli_fd_arg(const char *s)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || n < 0 || n > 1024)
		return -1;
	return (int)n;
}

/* One line from fd, a byte at a time so nothing after it is taken. */
static int
cli_read_line(int fd, char *buf, size_t len)
{
	size_t	n = 0;
	ssize_t	r;
	char	c;

	for (;;) {
		r = read(fd, &c, 1);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (c == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = c;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return r <= 0 && n == 0 ? -1 : 0;
}

int
cli_read_secret(const char *prompt, int fd, char *buf, size_t len)
{
	struct termios	old, quiet;
	int		rc;

	if (fd >= 0)
		return cli_read_line(fd, buf, len);
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &old) == -1)
		return -1;
	/* Echo off before the prompt, and nothing typed ahead thrown away:
	 * whatever is typed once the prompt shows is read, never shown. */
	quiet = old;
	quiet.c_lflag &= ~ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	rc = cli_read_line(STDIN_FILENO, buf, len);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	return rc;
}

int
cli_secret(struct cli *k, const char *prompt, int fd, char *buf, size_t len,
    const char *missing)
{
	if (cli_read_secret(prompt, fd, buf, len) == 0 && buf[0] != '\0')
		return CLI_OK;
	wipe(buf, len);
	return cli_error(k, CLI_USAGE, "usage", "%s", missing);
}

int
cli_prompt(const char *prompt, char *buf, size_t len)
{
	if (!isatty(STDIN_FILENO))
		return -1;
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	return cli_read_line(STDIN_FILENO, buf, len);
}

int
cli_confirm(const char *question)
{
	char	a[32];

	if (!isatty(STDIN_FILENO))
		return 0;
	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (cli_read_line(STDIN_FILENO, a, sizeof a) == -1)
		return 0;
	return strcmp(a, "y") == 0 || strcmp(a, "Y") == 0 ||
	    strcmp(a, "yes") == 0 || strcmp(a, "д") == 0 ||
	    strcmp(a, "Д") == 0 || strcmp(a, "да") == 0;
}

/* ---- the connection and the SMS code ---- */

static void	cli_challenge(struct cli *);

static void
cli_ignore_done(struct client_pending *p, json_t *result, json_t *err)
{
	(void)result;
	(void)err;
	free(p);
}

static void
cli_cancel(struct cli *k)
{
	struct client_pending	*p = xcalloc(1, sizeof *p);

	k->no_code = 1;
	p->done = cli_ignore_done;
	(void)client_conn_request(&k->cc, p, M_CHALLENGE_CANCEL,
	    json_pack("{s:O}", "challenge_id", json_object_get(k->challenge,
	    "challenge_id")));
}

static void
cli_answer_done(struct client_pending *p, json_t *result, json_t *err)
{
	struct cli	*k = ((struct cli_answer *)p)->k;
	struct buf	 b = BUF_INIT;
	const char	*r;

	(void)result;
	k->answer.busy = 0;
	if (err == NULL)
		return;
	r = reasons_of(err);
	/* A wrong code leaves the challenge open: ask again. */
	if (r != NULL && (strcmp(r, R_WRONG_CODE) == 0 ||
	    strcmp(r, R_LENDER_UNAVAILABLE) == 0)) {
		reasons_describe(err, &b);
		error("%s", b.data != NULL ? b.data : reasons_text(r));
		buf_release(&b);
		cli_challenge(k);
	}
}

/* Answers (or, with no code to give, cancels) the open challenge. */
static void
cli_challenge(struct cli *k)
{
	char		 code[32], prompt[128];
	const char	*phone = jstr(k->challenge, "phone_masked");

	if (*phone != '\0')
		snprintf(prompt, sizeof prompt, _("Code sent by SMS to %s: "),
		    phone);
	else
		snprintf(prompt, sizeof prompt, "%s", _("Confirmation code: "));
	if (cli_read_secret(prompt, k->code_fd, code, sizeof code) == -1 ||
	    code[0] == '\0') {
		wipe(code, sizeof code);
		cli_cancel(k);
		return;
	}
	k->answer.p.done = cli_answer_done;
	k->answer.k = k;
	k->answer.busy = 1;
	(void)client_conn_request(&k->cc, &k->answer.p, M_CHALLENGE_ANSWER,
	    json_pack("{s:O, s:s}", "challenge_id", json_object_get(
	    k->challenge, "challenge_id"), "code", code));
	wipe(code, sizeof code);
}

static void
cli_notify(struct client_conn *cc, const char *method, json_t *params)
{
	struct cli	*k = cc->arg;

	if (k->on_event != NULL && method != NULL)
		k->on_event(k, method, params);
	/* Only while our own call waits, and only for what it does: one
	 * another client left (the daemon offers those to every client) is
	 * not ours to answer. */
	if (!k->answering || method == NULL ||
	    strcmp(method, E_CHALLENGE_REQUIRED) != 0)
		return;
	if (k->purpose != NULL &&
	    strcmp(jstr(params, "purpose"), k->purpose) != 0)
		return;
	json_decref(k->challenge);
	k->challenge = json_incref(params);
	if (!k->answer.busy)
		cli_challenge(k);
}

struct cli_wait {
	struct client_pending	 p;	/* first */
	json_t			*result, *error;
};

static void
cli_wait_done(struct client_pending *p, json_t *result, json_t *err)
{
	struct cli_wait	*w = (struct cli_wait *)p;

	w->result = json_incref(result);
	w->error = json_incref(err);
}

int
cli_call_raw(struct cli *k, const char *method, json_t *params, int answering,
    json_t **resultp, json_t **errorp)
{
	struct cli_wait	w;
	int		rc;

	*resultp = *errorp = NULL;
	memset(&w, 0, sizeof w);
	w.p.done = cli_wait_done;
	k->answering = answering;
	k->no_code = 0;
	if (client_conn_request(&k->cc, &w.p, method, params) == -1)
		return -1;
	rc = client_conn_wait(&k->cc, &w.p, answering ? CLI_SLOW_TIMEOUT_MS :
	    CLI_TIMEOUT_MS);
	k->answering = 0;
	/* A challenge.answer still in flight is answered before we go on. */
	if (rc == 0 && k->answer.busy)
		(void)client_conn_wait(&k->cc, &k->answer.p, CLI_TIMEOUT_MS);
	if (rc == -1 || (w.result == NULL && w.error == NULL)) {
		/* w is on this stack: the connection must not keep it (a
		 * timed-out call once crashed the CLI as it closed). */
		client_conn_forget(&k->cc, &w.p);
		json_decref(w.result);
		json_decref(w.error);
		return -1;
	}
	if (w.error != NULL) {
		*errorp = w.error;
		return 1;
	}
	*resultp = w.result;
	return 0;
}

int
cli_wait_flag(struct cli *k, const int *flag, int timeout_ms)
{
	return client_conn_wait_flag(&k->cc, flag, timeout_ms);
}

int
cli_call(struct cli *k, const char *method, json_t *params, int answering,
    json_t **resultp)
{
	json_t	*err;
	int	 rc, status;

	rc = cli_call_raw(k, method, params, answering, resultp, &err);
	if (rc == 0)
		return CLI_OK;
	if (rc == -1)
		return cli_error(k, CLI_NO_DAEMON, "daemon_gone", "%s",
		    _("the daemon did not answer"));
	status = cli_fail(k, err);
	json_decref(err);
	return status;
}

int
cli_fetch(struct cli *k, int argc, const char *method, json_t **resultp)
{
	int	rc;

	*resultp = NULL;
	if (argc != 1)
		return cli_usage(k);
	if ((rc = cli_connect(k)) != CLI_OK ||
	    (rc = cli_call(k, method, NULL, 0, resultp)) != CLI_OK)
		return rc;
	if (k->json) {
		cli_json(*resultp);
		json_decref(*resultp);
		*resultp = NULL;
	}
	return CLI_OK;
}

int
cli_connect(struct cli *k)
{
	char	 client[64];
	int	 fd;

	if ((fd = conn_connect_wait(k->path, k->may_start, 5000)) == -1)
		return cli_error(k, CLI_NO_DAEMON, "daemon_unreachable",
		    _("no daemon answers at %s%s"), k->path, k->may_start ?
		    "" : _(" (not started: --no-start-daemon)"));
	client_conn_init(&k->cc, fd, cli_notify, k);
	k->connected = 1;
	snprintf(client, sizeof client, "kabinet/%s", KB_VERSION);
	return cli_call(k, M_HELLO, json_pack("{s:i, s:s}", "protocol",
	    KB_PROTOCOL_VERSION, "client", client), 0, &k->hello);
}

/* ---- the table's dispatcher ---- */

/* Takes the options every command has out of argv: --json, --help,
 * --code-fd N.  0, 1 for --help, -1 on a bad --code-fd. */
static int
cli_common(struct cli *k, int *argcp, char **argv)
{
	int	i, j, help = 0;

	for (i = j = 1; i < *argcp; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argcp)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--json") == 0)
			k->json = 1;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)
			help = 1;
		else if (strcmp(argv[i], "--code-fd") == 0 && i + 1 < *argcp) {
			if ((k->code_fd = cli_fd_arg(argv[++i])) == -1)
				return -1;
		} else if (strncmp(argv[i], "--code-fd=", 10) == 0) {
			if ((k->code_fd = cli_fd_arg(argv[i] + 10)) == -1)
				return -1;
		} else
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	*argcp = j;
	return help;
}

/* kabinet help [COMMAND]: alone, help's own text and every command. */
static int
cli_help_cmd(struct cli *k, int argc, char **argv)
{
	const struct cli_cmd	*c = k->cmd;
	struct buf		 b = BUF_INIT;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0 && (c = cli_find(argv[1])) == NULL)) {
		if (argc == 2)
			error(_("unknown command \"%s\"; see kabinet --help"),
			    argv[1]);
		cli_help(k->cmd, stderr);
		return CLI_USAGE;
	}
	cli_help(c, stdout);
	if (argc == 1) {
		cli_list(&b);
		printf("\n%s%s", _("Commands:\n"), b.data);
		buf_release(&b);
	}
	return CLI_OK;
}

int
cli_main(const char *path, int may_start, int argc, char **argv)
{
	const struct cli_cmd	*c;
	struct cli		 k;
	int			 rc;

	memset(&k, 0, sizeof k);
	k.path = path;
	k.may_start = may_start;
	k.code_fd = -1;
	k.cc.fd = -1;
	if ((c = cli_find(argv[0])) == NULL) {
		error(_("unknown command \"%s\"; see kabinet --help"), argv[0]);
		return CLI_USAGE;
	}
	k.cmd = c;
	if (c->exec == NULL)		/* help */
		return cli_help_cmd(&k, argc, argv);
	switch (cli_common(&k, &argc, argv)) {
	case 1:
		cli_help(c, stdout);
		return CLI_OK;
	case -1:
		return cli_usage(&k);
	}
	rc = c->exec(&k, argc, argv);
	if (k.connected)
		client_conn_close(&k.cc);
	json_decref(k.challenge);
	json_decref(k.hello);
	fflush(stdout);
	return rc;
}
