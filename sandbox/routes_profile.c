/*
 * routes_profile.c — My profile: GET /v1/account/profile, what the lender
 * holds about the borrower (document numbers masked here, so they never
 * leave the lender whole), and PATCH /v1/account/profile, a new e-mail or
 * postal address, made only once an SMS code (purpose "profile") confirms
 * it.  The phone is not changed here: support changes it after a
 * passport check (routes_operator.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/log.h"
#include "kabinet/passport.h"
#include "kabinet/personal.h"
#include "kabinet/phone.h"
#include "sandbox.h"

/* The members PATCH takes, with their checks. */
static const struct changeable {
	const char	*member;	/* in the body and the profile */
	const char	*column;	/* in accounts */
	const char	*(*check)(const char *);
} changeables[] = {
	{ "email", "email", personal_email_check },
	{ "postal_address", "postal_address", personal_address_check },
};
#define NCHANGEABLE	(sizeof changeables / sizeof changeables[0])

static json_t *
column_json(sqlite3_stmt *st, int i)
{
	const char	*s = (const char *)sqlite3_column_text(st, i);

	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

/* What the lender holds about account id (new ref), NULL if none. */
static json_t *
profile_json(const char *id)
{
	sqlite3_stmt	*st;
	json_t		*p = NULL;
	char		 pass[PASSPORT_MASK_LEN], snils[32], inn[32];
	char		 phone[32];

	st = db_queryf("SELECT surname, given_name, patronymic, birth_date, "
	    "passport_series, passport_number, snils, inn, address, "
	    "postal_address, email, phone FROM accounts WHERE id = ?", "t",
	    id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		passport_mask((const char *)sqlite3_column_text(st, 4),
		    (const char *)sqlite3_column_text(st, 5), pass,
		    sizeof pass);
		personal_snils_mask((const char *)sqlite3_column_text(st, 6),
		    snils, sizeof snils);
		personal_inn_mask((const char *)sqlite3_column_text(st, 7),
		    inn, sizeof inn);
		phone_mask((const char *)sqlite3_column_text(st, 11), phone,
		    sizeof phone);
		p = json_pack("{s:o, s:o, s:o, s:o, s:s?, s:s?, s:s?, s:o, "
		    "s:o, s:o, s:s}",
		    "surname", column_json(st, 0),
		    "name", column_json(st, 1),
		    "patronymic", column_json(st, 2),
		    "birth_date", column_json(st, 3),
		    "passport_masked", *pass != '\0' ? pass : NULL,
		    "snils_masked", *snils != '\0' ? snils : NULL,
		    "inn_masked", *inn != '\0' ? inn : NULL,
		    "registration_address", column_json(st, 8),
		    "postal_address", column_json(st, 9),
		    "email", column_json(st, 10),
		    "phone_masked", phone);
		/* Absent ones are null, never missing. */
		if (json_object_get(p, "passport_masked") == NULL)
			json_object_set_new(p, "passport_masked", json_null());
		if (json_object_get(p, "snils_masked") == NULL)
			json_object_set_new(p, "snils_masked", json_null());
		if (json_object_get(p, "inn_masked") == NULL)
			json_object_set_new(p, "inn_masked", json_null());
	}
	sqlite3_finalize(st);
	return p;
}

static int
profile_answer(struct req *r, int status, const char *id)
{
	json_t	*p = profile_json(id);

	if (p == NULL)
		return http_problem(r, 404, "not_found", "no such account",
		    NULL);
	return http_json(r, status, json_pack("{s:o}", "profile", p));
}

static int
route_profile_get(struct req *r)
{
	return profile_answer(r, 200, r->account.id);
}

static void
add_error(json_t *errors, const char *field, const char *code)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field,
	    "code", code));
}

/* 1 if the column of account id already holds v. */
static int
unchanged(const char *id, const char *column, const char *v)
{
	char	sql[96];

	snprintf(sql, sizeof sql, "SELECT 1 FROM accounts WHERE id = ? AND "
	    "%s = ?", column);
	return db_existsf(sql, "tt", id, v);
}

static int
route_profile_patch(struct req *r)
{
	json_t		*errors = json_array(), *data = json_object(), *v;
	const char	*key, *why;
	char		*trimmed;
	size_t		 i;
	void		*it;

	if (r->account.restricted) {
		json_decref(errors);
		json_decref(data);
		return http_problem(r, 403, "account_restricted",
		    "confirm the new phone number first", NULL);
	}
	json_object_foreach_safe(r->json, it, key, v) {
		for (i = 0; i < NCHANGEABLE; i++)
			if (strcmp(key, changeables[i].member) == 0)
				break;
		if (i == NCHANGEABLE) {
			/* The phone and the rest are changed by support. */
			add_error(errors, key, "not_changeable");
			continue;
		}
		if (!json_is_string(v)) {
			add_error(errors, key, "invalid_type");
			continue;
		}
		trimmed = personal_trim(json_string_value(v));
		if ((why = changeables[i].check(trimmed)) != NULL)
			add_error(errors, key, why);
		else if (unchanged(r->account.id, changeables[i].column,
		    trimmed))
			add_error(errors, key, "unchanged");
		else
			json_object_set_new(data, key, json_string(trimmed));
		free(trimmed);
	}
	if (json_array_size(errors) > 0) {
		json_decref(data);
		return http_problem(r, 422, "validation",
		    "the request has errors", json_pack("{s:o}", "errors",
		    errors));
	}
	json_decref(errors);
	if (json_object_size(data) == 0) {
		json_decref(data);
		return http_problem(r, 422, "nothing_to_change",
		    "give email or postal_address", NULL);
	}
	log_info("%s asks to change%s%s", r->account.id,
	    json_object_get(data, "email") != NULL ? " the e-mail" : "",
	    json_object_get(data, "postal_address") != NULL ?
	    " the postal address" : "");
	return challenge_ask(r, "profile", &r->account, data);
}

int
profile_complete(struct req *r, const struct account *a, json_t *data)
{
	const char	*v;
	char		 sql[96];
	size_t		 i;

	for (i = 0; i < NCHANGEABLE; i++) {
		v = json_string_value(json_object_get(data,
		    changeables[i].member));
		if (v == NULL)
			continue;
		snprintf(sql, sizeof sql, "UPDATE accounts SET %s = ? WHERE "
		    "id = ?", changeables[i].column);
		db_execf(sql, "tt", v, a->id);
	}
	log_info("%s changed the profile", a->id);
	return profile_answer(r, 200, a->id);
}

const struct route routes_profile[] = {
	{ "GET", "/v1/account/profile", route_profile_get, R_NEEDS_AUTH },
	{ "PATCH", "/v1/account/profile", route_profile_patch,
	  R_JSON | R_NEEDS_AUTH },
	{ NULL, NULL, NULL, 0 },
};
