/*
 * fuzz_export.c — the history's CSV export (csv_history_row) under any
 * entry the lender could send (the input is its JSON).  A row is RFC 4180:
 * six cells and CRLF; read back, every text cell is the entry's text (an
 * apostrophe ahead of a would-be formula aside) and no cell but the
 * amount starts with = + - @, a tab or a carriage return.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tui.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const cols[] = { "date", "id", "kind", NULL, "status",
    "description" };

/* Reads one cell at *p into out; 0 at the row's end, 1 at a comma. */
static int
cell(const char **p, char *out, size_t *len)
{
	const char	*s = *p;

	*len = 0;
	if (*s == '"') {
		for (s++;; s++) {
			if (*s == '\0')
				abort();
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"') {
				s++;
				break;
			}
			out[(*len)++] = *s;
		}
	} else
		for (; *s != ',' && *s != '\r' && *s != '\0'; s++) {
			if (*s == '"' || *s == '\n')
				abort();
			out[(*len)++] = *s;
		}
	out[*len] = '\0';
	if (*s == ',') {
		*p = s + 1;
		return 1;
	}
	if (s[0] != '\r' || s[1] != '\n' || s[2] != '\0')
		abort();
	*p = s;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t		*it;
	char		*row = NULL, *got;
	const char	*p, *want;
	size_t		 n = 0, len, i;
	FILE		*f;
	int		 more = 1;

	it = json_loadb((const char *)data, size, JSON_DISABLE_EOF_CHECK |
	    JSON_ALLOW_NUL, NULL);
	if (!json_is_object(it)) {
		json_decref(it);
		return 0;
	}
	if ((f = open_memstream(&row, &n)) == NULL)
		abort();
	csv_history_row(f, it);
	fclose(f);
	got = malloc(n + 1);
	p = row;
	for (i = 0; i < 6; i++) {
		if (!more)
			abort();
		more = cell(&p, got, &len);
		if (cols[i] == NULL)
			continue;
		want = json_string_value(json_object_get(it, cols[i]));
		if (want == NULL)
			want = "";
		if (len > 0 && strchr("=+-@\t\r", got[0]) != NULL)
			abort();
		if (got[0] == '\'' && strchr("=+-@\t\r", want[0]) != NULL &&
		    want[0] != '\0')
			memmove(got, got + 1, len--);
		/* A NUL inside a JSON string ends the cell early. */
		if (strncmp(got, want, len) != 0 || want[len] != '\0')
			abort();
	}
	if (more)
		abort();
	free(got);
	free(row);
	json_decref(it);
	return 0;
}
