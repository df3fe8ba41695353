/*
 * routes_sandbox.c — /sandbox/…, the sandbox's own controls (never in a
 * real lender): the SMS outbox, fault injection and the clock.  Off with
 * --no-sandbox-api.
 */
#include <string.h>

#include "kabinet/phone.h"
#include "sandbox.h"

#define MAX_LATENCY_MS	60000
#define MAX_ADVANCE	(10L * 366 * 24 * 3600)

static int
route_sms(struct req *r)
{
	const char	*in = http_query(r, "phone");
	char		 phone[PHONE_LEN + 1];

	if (in == NULL)
		return http_json(r, 200, sms_list_json(NULL));
	if (phone_normalize(in, phone) != PHONE_OK)
		return http_validation(r, "phone", "invalid_phone");
	return http_json(r, 200, sms_list_json(phone));
}

static int
get_rate(struct req *r, const char *name, double *out)
{
	json_t	*v = json_object_get(r->json, name);
	double	 d;

	if (v == NULL)
		return 0;
	if (!json_is_number(v)) {
		http_validation(r, name, "not_a_number");
		return -1;
	}
	d = json_number_value(v);
	if (!(d >= 0.0 && d <= 1.0)) {
		http_validation(r, name, "out_of_range");
		return -1;
	}
	*out = d;
	return 0;
}

/* {path, status, code}: the next /v1/ request to path is refused so. */
static int
get_problem(struct req *r, json_t *v, struct faults *f)
{
	const char	*path = json_string_value(json_object_get(v, "path"));
	const char	*code = json_string_value(json_object_get(v, "code"));
	json_t		*st = json_object_get(v, "status");

	if (json_is_null(v)) {
		f->problem_status = 0;
		return 0;
	}
	if (path == NULL || strncmp(path, "/v1/", 4) != 0 ||
	    strlen(path) >= sizeof f->problem_path) {
		http_validation(r, "problem.path", "invalid");
		return -1;
	}
	if (code == NULL || *code == '\0' || strlen(code) >=
	    sizeof f->problem_code || strspn(code,
	    "abcdefghijklmnopqrstuvwxyz_") != strlen(code)) {
		http_validation(r, "problem.code", "invalid");
		return -1;
	}
	if (!json_is_integer(st) || json_integer_value(st) < 400 ||
	    json_integer_value(st) > 599) {
		http_validation(r, "problem.status", "out_of_range");
		return -1;
	}
	snprintf(f->problem_path, sizeof f->problem_path, "%s", path);
	snprintf(f->problem_code, sizeof f->problem_code, "%s", code);
	f->problem_status = (int)json_integer_value(st);
	return 0;
}

/* {fault: drop|garbage|twice, count}: the next count answers of
 * idempotent POSTs, after their work is stored; null disarms. */
static int
get_answer(struct req *r, json_t *v, struct faults *f)
{
	json_t	*n = json_object_get(v, "count");
	int	 a;

	if (json_is_null(v)) {
		f->answer_fault = FAULT_NONE;
		f->answer_count = 0;
		return 0;
	}
	if ((a = fault_answer_parse(json_string_value(json_object_get(v,
	    "fault")))) == -1) {
		http_validation(r, "answer.fault", "invalid");
		return -1;
	}
	if (n == NULL)
		f->answer_count = 1;
	else if (!json_is_integer(n) || json_integer_value(n) < 1 ||
	    json_integer_value(n) > 1000) {
		http_validation(r, "answer.count", "out_of_range");
		return -1;
	} else
		f->answer_count = (int)json_integer_value(n);
	f->answer_fault = a;
	return 0;
}

static int
route_faults_set(struct req *r)
{
	struct faults	 f;
	json_t		*v;

	fault_get(&f);
	if ((v = json_object_get(r->json, "latency_ms")) != NULL) {
		if (!json_is_integer(v))
			return http_validation(r, "latency_ms",
			    "not_an_integer");
		if (json_integer_value(v) < 0 ||
		    json_integer_value(v) > MAX_LATENCY_MS)
			return http_validation(r, "latency_ms",
			    "out_of_range");
		f.latency_ms = (long)json_integer_value(v);
	}
	if (get_rate(r, "error_rate", &f.error_rate) != 0 ||
	    get_rate(r, "drop_rate", &f.drop_rate) != 0 ||
	    get_rate(r, "garbage_rate", &f.garbage_rate) != 0)
		return 0;
	if (f.error_rate + f.drop_rate + f.garbage_rate > 1.0)
		return http_validation(r, "error_rate", "rates_over_one");
	if ((v = json_object_get(r->json, "problem")) != NULL &&
	    get_problem(r, v, &f) != 0)
		return 0;
	if ((v = json_object_get(r->json, "answer")) != NULL &&
	    get_answer(r, v, &f) != 0)
		return 0;
	fault_set(&f);
	return http_json(r, 200, fault_json());
}

static int
route_faults_get(struct req *r)
{
	return http_json(r, 200, fault_json());
}

static int
route_faults_clear(struct req *r)
{
	struct faults	f;

	memset(&f, 0, sizeof f);
	fault_set(&f);
	return http_json(r, 200, fault_json());
}

static int
clock_answer(struct req *r)
{
	return http_json(r, 200, json_pack("{s:o, s:I}",
	    "time", sbclock_json(sbclock_now()),
	    "offset_seconds", (json_int_t)sbclock_offset()));
}

static int
route_clock_advance(struct req *r)
{
	json_t	*v = json_object_get(r->json, "advance_seconds");

	if (v == NULL)
		return http_validation(r, "advance_seconds", "required");
	if (!json_is_integer(v))
		return http_validation(r, "advance_seconds",
		    "not_an_integer");
	/* Forward only: time never runs back for the clients. */
	if (json_integer_value(v) < 0 || json_integer_value(v) > MAX_ADVANCE)
		return http_validation(r, "advance_seconds", "out_of_range");
	sbclock_advance((long)json_integer_value(v));
	pay_accrue_all();	/* overdue, penalties */
	inbox_remind();		/* payments due */
	autopay_tick();		/* charges on the due date */
	return clock_answer(r);
}

static int
route_clock_get(struct req *r)
{
	return clock_answer(r);
}

const struct route routes_sandbox[] = {
	{ "GET", "/sandbox/sms", route_sms, R_SANDBOX },
	{ "GET", "/sandbox/faults", route_faults_get, R_SANDBOX },
	{ "POST", "/sandbox/faults", route_faults_set, R_SANDBOX | R_JSON },
	{ "DELETE", "/sandbox/faults", route_faults_clear, R_SANDBOX },
	{ "GET", "/sandbox/clock", route_clock_get, R_SANDBOX },
	{ "POST", "/sandbox/clock", route_clock_advance, R_SANDBOX | R_JSON },
	{ NULL, NULL, NULL, 0 },
};
