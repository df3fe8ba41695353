/*
 * routes_foundation.c — GET /v1/health, GET /v1/products and GET /v1/support
 * (no auth).
 */
#include <stdlib.h>
#include <string.h>

#include "kabinet/appeal.h"
#include "kabinet/protocol.h"
#include "sandbox.h"

#define LENDER_ID	"smartstart-sandbox"
#define LENDER_NAME	"ООО МКК «СмартСтарт» (песочница)"

static int
route_health(struct req *r)
{
	return http_json(r, 200, json_pack("{s:s, s:{s:s, s:s}, s:o, s:s}",
	    "status", "ok",
	    "lender", "id", LENDER_ID, "name", LENDER_NAME,
	    "time", sbclock_json(sbclock_now()),
	    "version", KB_VERSION));
}

static json_t *
products_json(void)
{
	const struct product *p = lending_product("payday");

	return json_pack("{s:[{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:i, s:i,"
	    " s:i, s:i, s:i, s:i}]}", "items",
	    "id", "payday",
	    "name", "Заём до зарплаты",
	    "currency", "RUB",
	    "min_amount", (json_int_t)100000,
	    "max_amount", (json_int_t)3000000,
	    "step_amount", (json_int_t)100000,
	    "first_loan_max_amount", (json_int_t)1500000,
	    "min_term", 5,
	    "max_term", 30,
	    "step_term", 1,
	    "rate_bp_per_day", p->rate_bp_per_day,
	    "max_extensions_per_year", 5,
	    "charges_cap_percent", p->charges_cap_percent);
}

/* If-None-Match holds etag (or "*"), weak or strong. */
static int
etag_matches(const char *inm, const char *etag)
{
	return inm != NULL && (strstr(inm, etag) != NULL ||
	    strcmp(inm, "*") == 0);
}

static int
route_products(struct req *r)
{
	json_t		*body = products_json();
	char		*s, hash[65], etag[24];
	const char	*h[] = { "ETag", etag, NULL };

	/* The ETag is a digest of the representation itself. */
	s = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	auth_sha256_hex(s, hash);
	free(s);
	snprintf(etag, sizeof etag, "\"%.16s\"", hash);
	if (etag_matches(http_header(r, "If-None-Match"), etag)) {
		json_decref(body);
		return http_empty(r, 304, h);
	}
	return http_json_headers(r, 200, body, h);
}

/*
 * How to reach the lender's support, and where a complaint about it goes
 * (the Bank of Russia's reception).  The hours are Moscow time, every day;
 * the client words them in its own language.
 */
static int
route_support(struct req *r)
{
	const struct appeal_subject *a;
	json_t		*periods = json_array();
	size_t		 i;

	/* The period the law gives the lender to answer each appeal. */
	for (i = 0; i < appeal_nsubjects; i++) {
		a = &appeal_subjects[i];
		json_array_append_new(periods, json_pack("{s:s, s:i, s:s}",
		    "subject", a->id, "working_days", a->working_days,
		    "basis", a->basis));
	}
	return http_json(r, 200, json_pack("{s:s, s:s, s:{s:s, s:s, s:s},"
	    " s:{s:s, s:s}, s:{s:o, s:i}}",
	    "phone", "8 800 555-35-35",
	    "email", "support@smartstart.example",
	    "hours", "from", "08:00", "to", "20:00",
	    "time_zone", "Europe/Moscow",
	    "regulator", "phone", "8 800 300-30-00",
	    "url", "https://cbr.ru/reception/",
	    "appeals", "answer_periods", periods,
	    "text_max", APPEAL_TEXT_MAX));
}

const struct route routes_foundation[] = {
	{ "GET", "/v1/health", route_health, 0 },
	{ "GET", "/v1/products", route_products, 0 },
	{ "GET", "/v1/support", route_support, 0 },
	{ NULL, NULL, NULL, 0 },
};
