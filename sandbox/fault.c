/*
 * fault.c — fault injection on /v1/ requests, so clients can be tested
 * against a lender that is slow, failing, gone or talking nonsense.
 * /sandbox/ requests are never faulted (a test must be able to clear
 * faults).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "sandbox.h"

static struct faults	 faults;
static pthread_mutex_t	 fault_mutex = PTHREAD_MUTEX_INITIALIZER;
/* The answer faults by name (POST /sandbox/faults "answer"). */
static const char *const answer_names[] = {
	[FAULT_DROP] = "drop",
	[FAULT_GARBAGE] = "garbage",
	[FAULT_TWICE] = "twice",
};

double
fault_random(void)
{
	uint64_t	r = 0;

	while (getrandom(&r, sizeof r, 0) != sizeof r)
		;
	return (double)(r >> 11) / (double)(UINT64_C(1) << 53);
}

void
fault_set(const struct faults *f)
{
	pthread_mutex_lock(&fault_mutex);
	faults = *f;
	pthread_mutex_unlock(&fault_mutex);
}

void
fault_get(struct faults *f)
{
	pthread_mutex_lock(&fault_mutex);
	*f = faults;
	pthread_mutex_unlock(&fault_mutex);
}

enum fault_action
fault_roll(long *latency_ms)
{
	struct faults	f;
	double		r;

	fault_get(&f);
	*latency_ms = f.latency_ms;
	/* One roll split into bands, so the rates add up as expected. */
	r = fault_random();
	if (r < f.drop_rate)
		return FAULT_DROP;
	r -= f.drop_rate;
	if (r < f.error_rate)
		return FAULT_ERROR;
	r -= f.error_rate;
	if (r < f.garbage_rate)
		return FAULT_GARBAGE;
	return FAULT_NONE;
}

int
fault_error_status(void)
{
	static const int statuses[] = { 500, 502, 503 };

	return statuses[(int)(fault_random() * 3) % 3];
}

json_t *
fault_json(void)
{
	struct faults	f;

	fault_get(&f);
	return json_pack("{s:I, s:f, s:f, s:f, s:o, s:o}",
	    "latency_ms", (json_int_t)f.latency_ms,
	    "error_rate", f.error_rate,
	    "drop_rate", f.drop_rate,
	    "garbage_rate", f.garbage_rate,
	    "problem", f.problem_status == 0 ? json_null() :
	    json_pack("{s:s, s:i, s:s}", "path", f.problem_path, "status",
	    f.problem_status, "code", f.problem_code),
	    "answer", f.answer_count == 0 ? json_null() :
	    json_pack("{s:s, s:i}", "fault", answer_names[f.answer_fault],
	    "count", f.answer_count));
}

int
fault_take_problem(const char *path, int *status, char *code, size_t len)
{
	int	taken = 0;

	pthread_mutex_lock(&fault_mutex);
	if (faults.problem_status != 0 &&
	    strcmp(faults.problem_path, path) == 0) {
		*status = faults.problem_status;
		snprintf(code, len, "%s", faults.problem_code);
		faults.problem_status = 0;
		taken = 1;
	}
	pthread_mutex_unlock(&fault_mutex);
	return taken;
}


int
fault_answer_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof answer_names / sizeof answer_names[0]; i++)
		if (answer_names[i] != NULL && name != NULL &&
		    strcmp(name, answer_names[i]) == 0)
			return (int)i;
	return -1;
}

enum fault_action
fault_take_answer(void)
{
	enum fault_action	a = FAULT_NONE;

	pthread_mutex_lock(&fault_mutex);
	if (faults.answer_count > 0) {
		a = (enum fault_action)faults.answer_fault;
		if (--faults.answer_count == 0)
			faults.answer_fault = FAULT_NONE;
	}
	pthread_mutex_unlock(&fault_mutex);
	return a;
}
