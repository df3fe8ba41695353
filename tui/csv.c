/*
 * csv.c — the payment history as CSV (RFC 4180: CRLF, quoted text), one
 * shape for the history screen's export and `kabinet history --csv`:
 * dates ISO, amounts in roubles with a dot, kinds and statuses as codes,
 * so a spreadsheet reads it in any language.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "tui.h"

static const char *
csv_str(json_t *o, const char *key)
{
	const char	*v = json_string_value(json_object_get(o, key));

	return v != NULL ? v : "";
}

static void
csv_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void
csv_history_header(FILE *f)
{
	fputs("date,id,kind,amount_rub,status,description\r\n", f);
}

void
csv_history_row(FILE *f, json_t *it)
{
	int64_t	k = json_integer_value(json_object_get(it, "amount"));
	int64_t	a = k < 0 ? -k : k;

	fprintf(f, "%s,%s,%s,%s%lld.%02lld,%s,", csv_str(it, "date"),
	    csv_str(it, "id"), csv_str(it, "kind"), k < 0 ? "-" : "",
	    (long long)(a / 100), (long long)(a % 100), csv_str(it, "status"));
	csv_quoted(f, csv_str(it, "description"));
	fputs("\r\n", f);
}
