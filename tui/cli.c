/*
 * cli.c — the scriptable side of kabinet: `kabinet status [--json]`
 * asks the daemon (hello, then session.status) and prints a summary;
 * `kabinet history` pages through payment.history; `kabinet pay` pays
 * the loan with payment.make, answering an SMS code on the terminal.
 */
#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "kabinet/buf.h"
#include "kabinet/card.h"
#include "kabinet/date.h"
#include "kabinet/client.h"
#include "kabinet/codec.h"
#include "kabinet/i18n.h"
#include "kabinet/money.h"
#include "kabinet/protocol.h"
#include "kabinet/xmalloc.h"
#include "tui.h"

#define CLI_TIMEOUT_MS	10000

static const char *
cli_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Prints UTF-8 as this terminal can show it. */
static void
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

static void
cli_summary(json_t *hello, json_t *st)
{
	json_t		*l = json_object_get(st, "lender"), *p;
	const char	*state = cli_str(st, "state"), *err;
	char		 lo[MONEY_FMT_LEN], hi[MONEY_FMT_LEN];
	size_t		 i;
	json_int_t	 tmax;

	cli_print(_("daemon:  %s (protocol %d)"), cli_str(hello, "daemon") !=
	    NULL ? cli_str(hello, "daemon") : "?",
	    (int)json_integer_value(json_object_get(hello, "protocol")));
	if (json_is_object(l)) {
		const char *name = cli_str(l, "name");

		if (json_is_true(json_object_get(l, "reachable")))
			cli_print(_("lender:  %s, reachable"), name != NULL ?
			    name : cli_str(l, "url") != NULL ?
			    cli_str(l, "url") : "?");
		else {
			err = reasons_lender(l);
			cli_print(_("lender:  %s, not reachable: %s"),
			    name != NULL ? name : cli_str(l, "url") != NULL ?
			    cli_str(l, "url") : "?", err != NULL ? err :
			    _("no answer yet"));
		}
		json_array_foreach(json_object_get(l, "products"), i, p) {
			text_money(json_integer_value(json_object_get(p,
			    "min_amount")), lo, sizeof lo);
			text_money(json_integer_value(json_object_get(p,
			    "max_amount")), hi, sizeof hi);
			tmax = json_integer_value(json_object_get(p,
			    "max_term"));
			cli_print(P_("product: %s, %s – %s, %d–%d day",
			    "product: %s, %s – %s, %d–%d days",
			    (unsigned long)tmax), cli_str(p, "name") != NULL ?
			    cli_str(p, "name") : "?", lo, hi,
			    (int)json_integer_value(json_object_get(p,
			    "min_term")), (int)tmax);
		}
	}
	if (state != NULL && strcmp(state, "signed_in") == 0)
		cli_print(_("account: signed in as %s (%s)%s"),
		    cli_str(st, "name") != NULL ? cli_str(st, "name") : "?",
		    cli_str(st, "phone_masked") != NULL ?
		    cli_str(st, "phone_masked") : "?",
		    json_is_true(json_object_get(st, "restricted")) ?
		    _(", restricted") : "");
	else if (state != NULL && strcmp(state, "password_change") == 0)
		cli_print("%s", _("account: signed in; the password must be "
		    "changed"));
	else
		cli_print("%s", _("account: signed out"));
	if (cli_str(st, "storage") != NULL &&
	    strcmp(cli_str(st, "storage"), "memory") == 0)
		cli_print("%s", _("session: kept in memory only (no Secret "
		    "Service)"));
}

int
cli_status(const char *path, int may_start, int json)
{
	json_t	*hello = NULL, *st = NULL, *err = NULL, *out;
	char	 client[64];
	int	 fd, rc;

	if ((fd = conn_connect_wait(path, may_start, 5000)) == -1) {
		fprintf(stderr, _("kabinet: no daemon answers at %s%s\n"), path,
		    may_start ? "" : _(" (not started: --no-start-daemon)"));
		return 1;
	}
	snprintf(client, sizeof client, "kabinet/%s", KB_VERSION);
	rc = client_call(fd, M_HELLO, json_pack("{s:i, s:s}", "protocol",
	    KB_PROTOCOL_VERSION, "client", client), CLI_TIMEOUT_MS, &hello,
	    &err);
	if (rc == 0)
		rc = client_call(fd, M_SESSION_STATUS, NULL, CLI_TIMEOUT_MS,
		    &st, &err);
	close(fd);
	if (rc != 0) {
		if (rc == 1)
			fprintf(stderr, "kabinet: %s\n",
			    reasons_text(reasons_of(err)));
		else
			fprintf(stderr, "%s\n", _("kabinet: the daemon did not "
			    "answer"));
		json_decref(err);
		json_decref(hello);
		return 1;
	}
	if (json) {
		out = json_pack("{s:O, s:O}", "daemon", hello, "session", st);
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
		json_decref(out);
	} else
		cli_summary(hello, st);
	json_decref(hello);
	json_decref(st);
	return 0;
}

/*
 * history and pay: one connection, and our own reading of it, so that a
 * challenge.required the daemon sends while a call waits can be answered
 * from the terminal.
 */
#define CLI_PAY_TIMEOUT_MS	120000
#define CLI_HISTORY_PAGE	500

struct cli {
	int		 fd;
	struct codec	 c;
	json_int_t	 next_id;
	json_int_t	 answer_id;	/* challenge.answer in flight, or 0 */
	json_t		*challenge;	/* the open challenge.required */
	int		 cancelled;	/* no terminal: cancelled the challenge */
	int		 answering;	/* challenges are ours to answer */
};

/* The error's reason, or "" (never NULL, for strcmp). */
static const char *
cli_reason(json_t *err)
{
	const char	*r = reasons_of(err);

	return r != NULL ? r : "";
}

static void
cli_error(json_t *err)
{
	struct buf	b = BUF_INIT;

	reasons_describe(err, &b);
	fprintf(stderr, "kabinet: %s\n", b.data != NULL ? b.data :
	    reasons_text(reasons_of(err)));
	buf_release(&b);
}

static int
cli_send(struct cli *k, json_int_t id, const char *method, json_t *params)
{
	struct pollfd	 pfd;
	json_t		*req;
	int		 rc;

	req = rpc_request(id, method, params);
	codec_put(&k->c, req);
	json_decref(req);
	while ((rc = codec_flush(&k->c, k->fd)) == 1) {
		pfd.fd = k->fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, CLI_TIMEOUT_MS) <= 0)
			return -1;
	}
	return rc;
}

/* Reads an SMS code from the terminal with echo off; 0 or -1. */
static int
cli_read_code(json_t *ch, char *code, size_t len)
{
	struct termios	 old, quiet;
	const char	*phone = cli_str(ch, "phone_masked");
	size_t		 n;
	int		 ok;

	if (phone != NULL)
		fprintf(stderr, _("Code sent by SMS to %s: "), phone);
	else
		fprintf(stderr, "%s", _("Confirmation code: "));
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) == -1)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ok = fgets(code, (int)len, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (!ok)
		return -1;
	n = strcspn(code, "\r\n");
	code[n] = '\0';
	return 0;
}

/* Answers (or, with no terminal, cancels) the open challenge. */
static int
cli_challenge(struct cli *k)
{
	char	code[32];

	if (!isatty(STDIN_FILENO)) {
		if (!k->cancelled)
			fprintf(stderr, "%s\n", _("kabinet: the lender asks "
			    "for a confirmation code, and there is no "
			    "terminal to type it on"));
		k->cancelled = 1;
		return cli_send(k, k->next_id++, M_CHALLENGE_CANCEL,
		    json_pack("{s:O}", "challenge_id", json_object_get(
		    k->challenge, "challenge_id")));
	}
	if (cli_read_code(k->challenge, code, sizeof code) == -1) {
		k->cancelled = 1;
		return cli_send(k, k->next_id++, M_CHALLENGE_CANCEL,
		    json_pack("{s:O}", "challenge_id", json_object_get(
		    k->challenge, "challenge_id")));
	}
	k->answer_id = k->next_id++;
	return cli_send(k, k->answer_id, M_CHALLENGE_ANSWER,
	    json_pack("{s:O, s:s}", "challenge_id", json_object_get(
	    k->challenge, "challenge_id"), "code", code));
}

/* Handles a message that is not the answer waited for. */
static int
cli_other(struct cli *k, json_t *msg)
{
	const char	*m = cli_str(msg, "method");
	json_t		*id = json_object_get(msg, "id"), *err;

	if (rpc_classify(msg, NULL) == RPC_NOTIFICATION) {
		/* Only the payment's: one another client left is not. */
		if (k->answering && m != NULL &&
		    strcmp(m, E_CHALLENGE_REQUIRED) == 0) {
			json_decref(k->challenge);
			k->challenge = json_incref(json_object_get(msg,
			    "params"));
			return cli_challenge(k);
		}
		return 0;
	}
	if (k->answer_id != 0 && json_is_integer(id) &&
	    json_integer_value(id) == k->answer_id) {
		k->answer_id = 0;
		if ((err = json_object_get(msg, "error")) == NULL)
			return 0;
		cli_error(err);
		/* A wrong code leaves the challenge open: ask again. */
		if (strcmp(cli_reason(err), R_WRONG_CODE) == 0 ||
		    strcmp(cli_reason(err), R_LENDER_UNAVAILABLE) == 0)
			return cli_challenge(k);
	}
	return 0;
}

/*
 * One call: 0 with *resultp, 1 with *errorp (the error object), -1 when
 * the daemon did not answer.  params is stolen.
 */
static int
cli_call(struct cli *k, const char *method, json_t *params, int timeout_ms,
    json_t **resultp, json_t **errorp)
{
	struct pollfd	 pfd;
	json_t		*msg, *id, *v;
	json_int_t	 our = k->next_id++;
	ssize_t		 n;
	int		 w;

	*resultp = *errorp = NULL;
	if (cli_send(k, our, method, params) == -1)
		return -1;
	for (;;) {
		switch (codec_next(&k->c, &msg)) {
		case CODEC_MSG:
			id = json_object_get(msg, "id");
			if (rpc_classify(msg, NULL) == RPC_RESPONSE &&
			    json_is_integer(id) &&
			    json_integer_value(id) == our) {
				if ((v = json_object_get(msg, "error")) !=
				    NULL) {
					*errorp = json_incref(v);
					json_decref(msg);
					return 1;
				}
				*resultp = json_incref(json_object_get(msg,
				    "result"));
				json_decref(msg);
				return 0;
			}
			w = cli_other(k, msg);
			json_decref(msg);
			if (w == -1)
				return -1;
			continue;
		case CODEC_BAD_JSON:
		case CODEC_TOO_LONG:
			return -1;
		case CODEC_AGAIN:
			break;
		}
		pfd.fd = k->fd;
		pfd.events = POLLIN;
		/* Waiting for a code typed on the terminal is not counted. */
		if ((w = poll(&pfd, 1, timeout_ms)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			return -1;
		}
		n = codec_read(&k->c, k->fd);
		if (n == 0)
			return -1;
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
	}
}

/* Connects and says hello; 0, or 1 with the message printed. */
static int
cli_open(struct cli *k, const char *path, int may_start)
{
	json_t	*res, *err;
	char	 client[64];
	int	 rc;

	memset(k, 0, sizeof *k);
	k->next_id = 1;
	codec_init(&k->c);
	if ((k->fd = conn_connect_wait(path, may_start, 5000)) == -1) {
		fprintf(stderr, _("kabinet: no daemon answers at %s%s\n"), path,
		    may_start ? "" : _(" (not started: --no-start-daemon)"));
		return 1;
	}
	snprintf(client, sizeof client, "kabinet/%s", KB_VERSION);
	rc = cli_call(k, M_HELLO, json_pack("{s:i, s:s}", "protocol",
	    KB_PROTOCOL_VERSION, "client", client), CLI_TIMEOUT_MS, &res,
	    &err);
	json_decref(res);
	if (rc == 1) {
		cli_error(err);
		json_decref(err);
		return 1;
	}
	if (rc == -1) {
		fprintf(stderr, "%s\n", _("kabinet: the daemon did not "
		    "answer"));
		return 1;
	}
	return 0;
}

static void
cli_close(struct cli *k)
{
	if (k->fd != -1)
		close(k->fd);
	codec_free(&k->c);
	json_decref(k->challenge);
}

/* The failure of a call, printed; the exit status to give. */
static int
cli_failed(int rc, json_t *err)
{
	int	ret = 1;

	if (rc == -1)
		fprintf(stderr, "%s\n", _("kabinet: the daemon did not "
		    "answer"));
	else {
		cli_error(err);
		if (strcmp(cli_reason(err), R_VALIDATION) == 0)
			ret = 2;
		json_decref(err);
	}
	return ret;
}

static const char *
cli_kind(const char *k)
{
	if (k == NULL)
		return "?";
	if (strcmp(k, "payment") == 0)
		return _("payment");
	if (strcmp(k, "extension") == 0)
		return _("extension");
	if (strcmp(k, "interest") == 0)
		return _("interest");
	if (strcmp(k, "penalty") == 0)
		return _("penalty");
	if (strcmp(k, "service") == 0)
		return _("service");
	if (strcmp(k, "disbursement") == 0)
		return _("disbursement");
	return k;
}

static int
cli_kind_ok(const char *k)
{
	static const char *const kinds[] = { "payment", "extension",
	    "interest", "penalty", "service", "disbursement" };
	size_t	i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(k, kinds[i]) == 0)
			return 1;
	return 0;
}

static const char *
cli_status_label(const char *st)
{
	if (st == NULL)
		return "?";
	if (strcmp(st, "succeeded") == 0)
		return _("completed");
	if (strcmp(st, "charged") == 0)
		return _("charged");
	if (strcmp(st, "failed") == 0)
		return _("failed");
	return st;
}

/* s and spaces up to width display cells (before s when right). */
static void
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

static int
cli_usage(const char *usage)
{
	fprintf(stderr, _("usage: kabinet %s\n"), usage);
	return 2;
}

int
cli_history(const char *path, int may_start, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "csv", no_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "search", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*use = _("history [--json | --csv] [--kind KIND] "
			    "[--from DATE] [--to DATE] [--search TEXT] "
			    "[--limit N]");
	const char	*why;
	char		 iso[DATE_FMT_LEN];
	struct cli	 k;
	struct buf	 line = BUF_INIT;
	json_t		*filters, *params, *res, *err, *all, *it;
	const char	*cursor;
	char		*cur = NULL, *end, m[MONEY_FMT_LEN];
	long		 limit = 0, want;
	size_t		 i;
	int		 c, json = 0, csv = 0, rc;

	filters = json_object();
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'k':
			if (!cli_kind_ok(optarg)) {
				fprintf(stderr, _("kabinet: unknown kind \"%s\" "
				    "(payment, extension, interest, penalty, "
				    "service or disbursement)\n"), optarg);
				json_decref(filters);
				return 2;
			}
			json_object_set_new(filters, "kind",
			    json_string(optarg));
			break;
		case 'f':
		case 't':
			if ((why = text_date_iso(optarg, iso, sizeof iso)) !=
			    NULL) {
				fprintf(stderr, _("kabinet: bad date \"%s\": "
				    "%s\n"), optarg, why);
				json_decref(filters);
				return 2;
			}
			json_object_set_new(filters, c == 'f' ? "from" : "to",
			    json_string(iso));
			break;
		case 'c':
			csv = 1;
			break;
		case 's':
			json_object_set_new(filters, "q", json_string(optarg));
			break;
		case 'l':
			errno = 0;
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    limit <= 0) {
				fprintf(stderr, _("kabinet: bad --limit \"%s\" "
				    "(a whole number above zero)\n"), optarg);
				json_decref(filters);
				return 2;
			}
			break;
		default:
			json_decref(filters);
			return cli_usage(use);
		}
	}
	if (optind != argc || (json && csv)) {
		json_decref(filters);
		return cli_usage(use);
	}
	if (json_string_value(json_object_get(filters, "from")) != NULL &&
	    json_string_value(json_object_get(filters, "to")) != NULL &&
	    strcmp(json_string_value(json_object_get(filters, "from")),
	    json_string_value(json_object_get(filters, "to"))) > 0) {
		fprintf(stderr, "%s\n", _("kabinet: --to is before --from"));
		json_decref(filters);
		return 2;
	}
	if (cli_open(&k, path, may_start) != 0) {
		json_decref(filters);
		cli_close(&k);
		return 1;
	}
	all = json_array();
	for (;;) {
		want = CLI_HISTORY_PAGE;
		if (limit > 0 && limit - (long)json_array_size(all) < want)
			want = limit - (long)json_array_size(all);
		params = json_deep_copy(filters);
		json_object_set_new(params, "limit", json_integer(want));
		if (cur != NULL)
			json_object_set_new(params, "cursor",
			    json_string(cur));
		rc = cli_call(&k, M_PAYMENT_HISTORY, params, CLI_TIMEOUT_MS,
		    &res, &err);
		if (rc != 0) {
			free(cur);
			json_decref(all);
			json_decref(filters);
			cli_close(&k);
			return cli_failed(rc, err);
		}
		json_array_extend(all, json_object_get(res, "items"));
		free(cur);
		cur = NULL;
		cursor = cli_str(res, "next_cursor");
		if (cursor != NULL && json_array_size(json_object_get(res,
		    "items")) > 0)
			cur = xstrdup(cursor);
		json_decref(res);
		if (cur == NULL ||
		    (limit > 0 && (long)json_array_size(all) >= limit))
			break;
	}
	free(cur);
	json_decref(filters);
	cli_close(&k);

	if (json) {
		json_dumpf(all, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
		putchar('\n');
	} else if (csv) {
		csv_history_header(stdout);
		json_array_foreach(all, i, it)
			csv_history_row(stdout, it);
	} else {
		json_array_foreach(all, i, it) {
			buf_reset(&line);
			cli_pad(&line, cli_str(it, "date") != NULL ?
			    cli_str(it, "date") : "?", 12, 0);
			cli_pad(&line, cli_kind(cli_str(it, "kind")), 14, 0);
			text_money(json_integer_value(json_object_get(it,
			    "amount")), m, sizeof m);
			cli_pad(&line, m, 16, 1);
			buf_adds(&line, "  ");
			buf_adds(&line, cli_status_label(cli_str(it,
			    "status")));
			cli_print("%s", line.data);
		}
		if (json_array_size(all) == 0)
			cli_print("%s", _("No entries"));
	}
	buf_release(&line);
	json_decref(all);
	return 0;
}

/* A card as shown: "Mir 220070…1111". */
static void
cli_card(json_t *c, char *out, size_t len)
{
	card_label(cli_str(c, "brand"), cli_str(c, "first6"),
	    cli_str(c, "last4"), out, len);
}

/* "Label:        value", the values lined up. */
static void
cli_row(const char *label, const char *value)
{
	struct buf	b = BUF_INIT;

	cli_pad(&b, label, 22, 0);
	buf_adds(&b, value);
	cli_print("%s", b.data);
	buf_release(&b);
}

static void
cli_money_line(const char *label, json_int_t k)
{
	char	m[MONEY_FMT_LEN];

	cli_row(label, text_money(k, m, sizeof m));
}

/* Asks "[y/N]" on the terminal; 1 for yes. */
static int
cli_ask(const char *prompt)
{
	char	a[32];
	size_t	n;

	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (fgets(a, sizeof a, stdin) == NULL)
		return 0;
	n = strcspn(a, "\r\n");
	a[n] = '\0';
	return strcmp(a, "y") == 0 || strcmp(a, "Y") == 0 ||
	    strcmp(a, "yes") == 0 || strcmp(a, "д") == 0 ||
	    strcmp(a, "Д") == 0 || strcmp(a, "да") == 0;
}

static int
cli_confirm(void)
{
	return cli_ask(_("Pay? [y/N] "));
}

/* The same payment, made before, that the lender has not settled. */
static void
cli_unsettled(json_t *err)
{
	json_t		*p;
	size_t		 i;
	time_t		 t;
	struct tm	 tm;
	char		 m[MONEY_FMT_LEN], when[32];

	json_array_foreach(json_object_get(json_object_get(err, "data"),
	    "pending"), i, p) {
		t = (time_t)json_integer_value(json_object_get(p,
		    "created_at"));
		strftime(when, sizeof when, "%d.%m.%Y %H:%M",
		    localtime_r(&t, &tm));
		fprintf(stderr, _("kabinet: a payment of %s made on %s is not "
		    "confirmed by the lender yet; it is being sent until it "
		    "is\n"), text_money(json_integer_value(json_object_get(p,
		    "amount")), m, sizeof m), when);
	}
}

static void
cli_receipt(json_t *rc)
{
	static const struct {
		const char *key, *label;
	} rows[] = {
		{ "overdue_interest", N_("Overdue interest") },
		{ "overdue_principal", N_("Overdue principal") },
		{ "penalty", N_("Penalty") },
		{ "interest", N_("Interest") },
		{ "principal", N_("Principal") },
	};
	json_t		*sp, *loan = json_object_get(rc, "loan");
	struct buf	 b = BUF_INIT;
	char		 m[MONEY_FMT_LEN];
	json_int_t	 v;
	size_t		 i;

	cli_money_line(_("Paid:"), json_integer_value(json_object_get(
	    json_object_get(rc, "payment"), "amount")));
	if ((sp = json_object_get(rc, "split")) == NULL)
		sp = json_object_get(json_object_get(rc, "payment"), "split");
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		v = json_integer_value(json_object_get(sp, rows[i].key));
		if (v == 0)
			continue;
		buf_reset(&b);
		buf_adds(&b, "  ");
		cli_pad(&b, _(rows[i].label), 20, 0);
		buf_adds(&b, text_money(v, m, sizeof m));
		cli_print("%s", b.data);
	}
	buf_release(&b);
	if (cli_str(loan, "state") != NULL &&
	    strcmp(cli_str(loan, "state"), "closed") == 0)
		cli_print("%s", _("The loan is repaid and closed"));
	else
		cli_money_line(_("New balance:"), json_integer_value(
		    json_object_get(loan, "total_due")));
}

int
cli_pay(const char *path, int may_start, int argc, char **argv)
{
	const char	*use = _("pay [--loan ID] (--full | AMOUNT) [--card ID] "
			    "[--yes] [--again]");
	const char	*loan_id = NULL, *card_id = NULL, *amount_s = NULL;
	struct cli	 k;
	json_t		*due = NULL, *cards = NULL, *res = NULL, *err = NULL;
	json_t		*loan, *card = NULL, *c, *params;
	enum money_parse_error pe;
	kopecks_t	 amount = 0, total;
	char		 m[MONEY_FMT_LEN], cl[128];
	size_t		 i;
	int		 a, full = 0, yes = 0, again = 0, rc, ret = 1;

	/* By hand, not getopt: an amount such as "-1" is not an option. */
	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--full") == 0)
			full = 1;
		else if (strcmp(argv[a], "--again") == 0)
			again = 1;
		else if (strcmp(argv[a], "--yes") == 0)
			yes = 1;
		else if (strcmp(argv[a], "--loan") == 0 && a + 1 < argc)
			loan_id = argv[++a];
		else if (strcmp(argv[a], "--card") == 0 && a + 1 < argc)
			card_id = argv[++a];
		else if (strncmp(argv[a], "--loan=", 7) == 0)
			loan_id = argv[a] + 7;
		else if (strncmp(argv[a], "--card=", 7) == 0)
			card_id = argv[a] + 7;
		else if (strcmp(argv[a], "--") == 0 && a + 2 == argc &&
		    amount_s == NULL)
			amount_s = argv[++a];
		else if ((argv[a][0] != '-' || isdigit((u_char)argv[a][1]) ||
		    argv[a][1] == ',' || argv[a][1] == '.') && amount_s == NULL)
			amount_s = argv[a];
		else
			return cli_usage(use);
	}
	if (full == (amount_s != NULL))
		return cli_usage(use);
	if (amount_s != NULL) {
		if ((pe = money_parse(amount_s, &amount)) != MONEY_OK) {
			fprintf(stderr, _("kabinet: bad amount \"%s\": %s\n"),
			    amount_s, _(money_strerror(pe)));
			return 2;
		}
		if (amount <= 0) {
			fprintf(stderr, _("kabinet: bad amount \"%s\": it must "
			    "be more than zero\n"), amount_s);
			return 2;
		}
	}
	if (!yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr, "%s\n", _("kabinet: no terminal to confirm the "
		    "payment on; add --yes"));
		return 2;
	}

	if (cli_open(&k, path, may_start) != 0)
		goto out;
	rc = cli_call(&k, M_LOAN_DUE, loan_id != NULL ? json_pack("{s:s}",
	    "loan_id", loan_id) : NULL, CLI_TIMEOUT_MS, &due, &err);
	if (rc != 0) {
		ret = cli_failed(rc, err);
		goto out;
	}
	loan = json_object_get(due, "loan");
	if (!json_is_object(loan)) {
		fprintf(stderr, "%s\n", _("kabinet: no open loan to pay"));
		goto out;
	}
	if (cli_str(loan, "state") != NULL &&
	    strcmp(cli_str(loan, "state"), "closed") == 0) {
		fprintf(stderr, _("kabinet: loan \"%s\" is already closed\n"),
		    cli_str(loan, "contract_number"));
		goto out;
	}
	total = json_integer_value(json_object_get(json_object_get(due,
	    "due_today"), "total"));
	if (full)
		amount = total;
	else if (amount > total) {
		fprintf(stderr, _("kabinet: bad amount \"%s\": more than the "
		    "%s due today\n"), amount_s, text_money(total, m, sizeof m));
		ret = 2;
		goto out;
	}
	if (amount <= 0) {
		fprintf(stderr, "%s\n", _("kabinet: nothing is due today"));
		goto out;
	}

	rc = cli_call(&k, M_CARD_LIST, NULL, CLI_TIMEOUT_MS, &cards, &err);
	if (rc != 0) {
		ret = cli_failed(rc, err);
		goto out;
	}
	json_array_foreach(json_object_get(cards, "items"), i, c) {
		if (card_id != NULL ? (cli_str(c, "id") != NULL &&
		    strcmp(cli_str(c, "id"), card_id) == 0) :
		    json_is_true(json_object_get(c, "default")))
			card = c;
	}
	if (card == NULL && card_id == NULL)
		card = json_array_get(json_object_get(cards, "items"), 0);
	if (card == NULL) {
		if (card_id != NULL)
			fprintf(stderr, _("kabinet: no card \"%s\" is "
			    "linked\n"), card_id);
		else
			fprintf(stderr, "%s\n", _("kabinet: no card is linked; "
			    "link one in kabinet's Settings → Cards"));
		ret = card_id != NULL ? 2 : 1;
		goto out;
	}

	cli_card(card, cl, sizeof cl);
	cli_money_line(_("Amount:"), amount);
	cli_row(_("Loan:"), cli_str(loan, "contract_number") != NULL ?
	    cli_str(loan, "contract_number") : cli_str(loan, "id"));
	cli_row(_("Card:"), cl);
	fflush(stdout);
	if (!yes && !cli_confirm()) {
		fprintf(stderr, "%s\n", _("kabinet: not paid"));
		goto out;
	}

again:
	params = json_pack("{s:O, s:I, s:O, s:b}", "loan_id",
	    json_object_get(loan, "id"), "amount", (json_int_t)amount,
	    "card_id", json_object_get(card, "id"), "confirm_duplicate", again);
	k.answering = 1;
	rc = cli_call(&k, M_PAYMENT_MAKE, params, CLI_PAY_TIMEOUT_MS, &res,
	    &err);
	k.answering = 0;
	if (rc == 1 && strcmp(cli_reason(err), R_PAYMENT_UNSETTLED) == 0) {
		cli_unsettled(err);
		json_decref(err);
		if (!yes && cli_ask(_("Pay a second time? [y/N] "))) {
			again = 1;
			goto again;
		}
		fprintf(stderr, "%s\n", _("kabinet: not paid again; `kabinet "
		    "pay --again …` pays a second time"));
		ret = 3;
		goto out;
	}
	if (rc == 1 && strcmp(cli_reason(err), R_PAYMENT_PENDING) == 0) {
		fprintf(stderr, "%s\n", _("kabinet: the payment is being "
		    "confirmed by the lender; `kabinet history` will show "
		    "it"));
		json_decref(err);
		ret = 3;
		goto out;
	}
	if (rc == -1) {
		fprintf(stderr, "%s\n", _("kabinet: the daemon did not answer; "
		    "the payment may still go through: see `kabinet "
		    "history`"));
		ret = 3;
		goto out;
	}
	if (rc != 0) {
		ret = cli_failed(rc, err);
		goto out;
	}
	cli_receipt(res);
	ret = 0;
out:
	json_decref(due);
	json_decref(cards);
	json_decref(res);
	cli_close(&k);
	return ret;
}
