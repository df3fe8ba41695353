/*
 * routes_register.c — registration (phone → SMS code → profile →
 * consents → complete) and the Gosuslugi (ESIA) sessions the lender
 * brokers, with the sandbox's own sign-in page at /esia
 * (doc/lender-api.md).  A registration is kept server-side
 * under an unguessable id for REG_TTL, so a client may stop and resume.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "kabinet/date.h"
#include "kabinet/log.h"
#include "kabinet/name.h"
#include "kabinet/passport.h"
#include "kabinet/personal.h"
#include "kabinet/phone.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define DEVICE_ID_MAX	128
#define FIELD_MAX	256
#define ESIA_CODES_PER_MINUTE	20	/* user codes tried per address */

/* Each a separate consent; automated_decision: the decision on the
 * application is made by scoring alone (152-FZ art. 16 part 2). */
static const char *const reg_documents[] = {
	"rules", "pd_consent", "pep_agreement", "automated_decision"
};

/* ---- registrations ---- */

struct reg {
	char	 id[48];
	char	 phone[16];
	char	 device_hash[65];
	char	 state[16];
	int	 verified;
	json_t	*profile;	/* or NULL */
	json_t	*consents;	/* array or NULL */
};

static void
reg_free(struct reg *g)
{
	json_decref(g->profile);
	json_decref(g->consents);
}

static json_t *
load_json(sqlite3_stmt *st, int col)
{
	const char	*s = (const char *)sqlite3_column_text(st, col);

	return s != NULL ? json_loads(s, 0, NULL) : NULL;
}

static int
reg_load(const char *id, struct reg *g)
{
	sqlite3_stmt	*st;
	int		 ok = -1;

	memset(g, 0, sizeof *g);
	if (id == NULL)
		return -1;
	st = db_queryf("SELECT id, phone, device_hash, state, verified, "
	    "profile, consents FROM registrations WHERE id = ? AND "
	    "expires_at > ?", "ti", id, (int64_t)sbclock_now());
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(g->id, sizeof g->id, "%s", sqlite3_column_text(st, 0));
		snprintf(g->phone, sizeof g->phone, "%s",
		    sqlite3_column_text(st, 1));
		snprintf(g->device_hash, sizeof g->device_hash, "%s",
		    sqlite3_column_text(st, 2));
		snprintf(g->state, sizeof g->state, "%s",
		    sqlite3_column_text(st, 3));
		g->verified = sqlite3_column_int(st, 4);
		g->profile = load_json(st, 5);
		g->consents = load_json(st, 6);
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok;
}

static json_t *
reg_json(const char *id)
{
	struct reg	 g;
	char		 masked[32];
	json_t		*j;
	time_t		 expires;

	if (reg_load(id, &g) != 0)
		return json_null();
	expires = (time_t)db_intf("SELECT expires_at FROM registrations WHERE "
	    "id = ?", "t", id);
	phone_mask(g.phone, masked, sizeof masked);
	j = json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:O, s:o}",
	    "id", g.id, "state", g.state, "phone_masked", masked,
	    "expires_at", sbclock_json(expires),
	    "profile_done", g.profile != NULL, "verified", g.verified,
	    "consents", g.consents != NULL ? g.consents : json_null(),
	    "documents", lending_documents_json());
	if (g.consents == NULL)
		json_object_set_new(j, "consents", json_array());
	reg_free(&g);
	return j;
}

static int
reg_answer(struct req *r, int status, const char *id)
{
	return http_json(r, status, json_pack("{s:o}", "registration",
	    reg_json(id)));
}

static int
route_reg_start(struct req *r)
{
	const char	*in = http_str(r, "phone"), *dev = http_str(r, "device_id");
	struct account	 a;
	char		 phone[PHONE_LEN + 1], id[48], chid[48], dh[65];
	time_t		 until, now = sbclock_now();
	int		 registered;

	if (in == NULL || *in == '\0')
		return http_validation(r, "phone", "required");
	if (phone_normalize(in, phone) != PHONE_OK)
		return http_validation(r, "phone", "invalid_phone");
	if (dev == NULL || *dev == '\0' || strlen(dev) > DEVICE_ID_MAX)
		return http_validation(r, "device_id", "required");
	/* A registered phone is answered as a new one, so the answer never
	 * tells whether it has an account; its owner learns by SMS. */
	registered = auth_account_by_phone(phone, &a) == 0;
	if ((until = challenge_locked_until(phone, "register")) != 0)
		return http_codes_locked(r, until);
	lending_new_id("rg", id, sizeof id);
	auth_sha256_hex(dev, dh);
	db_execf("INSERT INTO registrations (id, phone, device_hash, state, "
	    "created_at, expires_at) VALUES (?, ?, ?, 'phone', ?, ?)", "tttii",
	    id, phone, dh, (int64_t)now, (int64_t)(now + REG_TTL));
	if (challenge_create("register", registered ? a.id : NULL, phone,
	    json_pack("{s:s}",
	    "registration_id", id), chid, sizeof chid, &until) != 0)
		return http_rate_limited(r, "sms", (long)(until - now));
	return http_json(r, 202, json_pack("{s:o, s:o}", "registration",
	    reg_json(id), "challenge", challenge_json(chid)));
}

/* The "register" challenge's completer: the phone is proven. */
int
register_complete_phone(struct req *r, json_t *data)
{
	const char	*id = json_string_value(json_object_get(data,
	    "registration_id"));
	struct reg	 g;

	if (reg_load(id, &g) != 0)
		return http_problem(r, 404, "registration_not_found",
		    "no such registration (or it has expired)", NULL);
	reg_free(&g);
	db_execf("UPDATE registrations SET state = 'profile' WHERE id = ? "
	    "AND state = 'phone'", "t", id);
	return reg_answer(r, 200, id);
}

static int
route_reg_get(struct req *r)
{
	struct reg	g;

	if (reg_load(r->arg[0], &g) != 0)
		return http_problem(r, 404, "registration_not_found",
		    "no such registration (or it has expired)", NULL);
	reg_free(&g);
	return reg_answer(r, 200, r->arg[0]);
}

static void
add_error(json_t *errors, const char *field, const char *code)
{
	json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field,
	    "code", code));
}

static const char *
text_field(struct req *r, json_t *errors, const char *name, int required)
{
	const char	*v = http_str(r, name);

	if (v == NULL || *v == '\0') {
		if (required)
			add_error(errors, name, "required");
		return NULL;
	}
	if (strlen(v) > FIELD_MAX) {
		add_error(errors, name, "too_long");
		return NULL;
	}
	return v;
}

static void
check_name(json_t *errors, const char *field, const char *v)
{
	char	*norm = NULL;

	if (v != NULL && name_normalize(v, &norm) != NAME_OK)
		add_error(errors, field, "invalid_name");
	free(norm);
}

struct esia_person;
static const struct esia_person *esia_find_person(const char *);
static json_t	*person_json(const struct esia_person *);

static int	device_code_id(const char *, char *);

/* The person of the approved registration ESIA session whose device code
 * is device_code, or NULL. */
static json_t *
esia_person(const char *device_code)
{
	const struct esia_person *ep = NULL;
	sqlite3_stmt	*st;
	char		 id[65];

	if (device_code_id(device_code, id) != 0)
		return NULL;
	st = db_queryf("SELECT person FROM esia_sessions WHERE id = ? AND "
	    "purpose = 'registration' AND state = 'approved'", "t", id);
	if (sqlite3_step(st) == SQLITE_ROW)
		ep = esia_find_person((const char *)sqlite3_column_text(st,
		    0));
	sqlite3_finalize(st);
	return ep != NULL ? person_json(ep) : NULL;
}

static int
route_reg_profile(struct req *r)
{
	static const char *const names[] = { "surname", "name", "patronymic" };
	static const char *const verified_fields[] = { "surname", "name",
	    "patronymic", "birth_date", "passport_series", "passport_number",
	    "passport_issued_on", "division_code" };
	struct reg	 g;
	struct date	 birth, issued, today = date_from_time(sbclock_now());
	json_t		*errors, *profile, *income, *person = NULL;
	const char	*v, *bd, *ser, *num, *iss, *div, *email, *es;
	int		 have_birth = 0, have_issue = 0, verified = 0;
	size_t		 i;
	char		*s, pbuf[16];
	enum passport_error pe;

	if (reg_load(r->arg[0], &g) != 0)
		return http_problem(r, 404, "registration_not_found",
		    "no such registration (or it has expired)", NULL);
	if (strcmp(g.state, "phone") == 0 || strcmp(g.state, "complete") == 0) {
		reg_free(&g);
		return http_problem(r, 409, "wrong_state",
		    "verify the phone first", NULL);
	}
	errors = json_array();
	for (i = 0; i < 3; i++)
		check_name(errors, names[i], text_field(r, errors, names[i],
		    i < 2));
	if ((bd = text_field(r, errors, "birth_date", 1)) != NULL) {
		if (date_parse(bd, &birth) != DATE_OK)
			add_error(errors, "birth_date", "invalid_date");
		else if (date_cmp(&birth, &today) > 0)
			add_error(errors, "birth_date", "in_future");
		else {
			have_birth = 1;
			if (date_age(&birth, &today) < PERSONAL_MIN_AGE)
				add_error(errors, "birth_date", "too_young");
		}
	}
	if ((ser = text_field(r, errors, "passport_series", 1)) != NULL &&
	    (passport_series_parse(ser, pbuf) != PASSPORT_OK ||
	    strcmp(pbuf, ser) != 0))
		add_error(errors, "passport_series", "invalid_series");
	if ((num = text_field(r, errors, "passport_number", 1)) != NULL &&
	    (passport_number_parse(num, pbuf) != PASSPORT_OK ||
	    strcmp(pbuf, num) != 0))
		add_error(errors, "passport_number", "invalid_number");
	if ((div = text_field(r, errors, "division_code", 1)) != NULL &&
	    (passport_division_parse(div, pbuf) != PASSPORT_OK ||
	    strcmp(pbuf, div) != 0))
		add_error(errors, "division_code", "invalid_division_code");
	if ((iss = text_field(r, errors, "passport_issued_on", 1)) != NULL) {
		if (date_parse(iss, &issued) != DATE_OK)
			add_error(errors, "passport_issued_on",
			    "invalid_date");
		else
			have_issue = 1;
	}
	if (have_issue && (pe = passport_issue_check(&issued, have_birth ?
	    &birth : NULL, &today)) != PASSPORT_OK)
		add_error(errors, "passport_issued_on", passport_reason(pe));
	text_field(r, errors, "address", 1);
	if ((email = text_field(r, errors, "email", 1)) != NULL &&
	    personal_email_check(email) != NULL)
		add_error(errors, "email", "invalid_email");
	income = json_object_get(r->json, "income");
	if (income == NULL)
		add_error(errors, "income", "required");
	else if (!json_is_integer(income) || json_integer_value(income) < 0)
		add_error(errors, "income", "invalid_income");
	if ((es = http_str(r, "esia_session")) != NULL) {
		if ((person = esia_person(es)) == NULL)
			add_error(errors, "esia_session", "not_approved");
		else {
			for (i = 0; i < sizeof verified_fields /
			    sizeof verified_fields[0]; i++) {
				v = http_str(r, verified_fields[i]);
				if (v == NULL || !json_equal(json_object_get(
				    person, verified_fields[i]),
				    json_object_get(r->json,
				    verified_fields[i])))
					add_error(errors, verified_fields[i],
					    "not_verified");
			}
			verified = 1;
		}
	}
	if (ser != NULL && num != NULL && json_array_size(errors) == 0 &&
	    db_existsf("SELECT 1 FROM accounts WHERE passport_series = ? AND "
	    "passport_number = ?", "tt", ser, num))
		add_error(errors, "passport_number", "passport_registered");
	json_decref(person);
	reg_free(&g);
	if (json_array_size(errors) != 0)
		return http_problem(r, 422, "validation",
		    "the profile has errors", json_pack("{s:o}", "errors",
		    errors));
	json_decref(errors);
	profile = json_deep_copy(r->json);
	json_object_del(profile, "esia_session");
	s = json_dumps(profile, JSON_COMPACT);
	json_decref(profile);
	db_execf("UPDATE registrations SET profile = ?, verified = ?, "
	    "state = CASE state WHEN 'profile' THEN 'consents' ELSE state END "
	    "WHERE id = ?", "tit", s, (int64_t)verified, r->arg[0]);
	free(s);
	return reg_answer(r, 200, r->arg[0]);
}

static int
route_reg_consents(struct req *r)
{
	struct reg	 g;
	json_t		*accepted = json_object_get(r->json, "accepted");
	json_t		*errors, *e, *ok;
	const char	*doc, *ver, *cur;
	size_t		 i, j;
	int		 found;
	char		*s;

	if (reg_load(r->arg[0], &g) != 0)
		return http_problem(r, 404, "registration_not_found",
		    "no such registration (or it has expired)", NULL);
	if (g.profile == NULL || strcmp(g.state, "complete") == 0) {
		reg_free(&g);
		return http_problem(r, 409, "wrong_state",
		    "send the profile first", NULL);
	}
	reg_free(&g);
	errors = json_array();
	ok = json_array();
	for (i = 0; i < sizeof reg_documents / sizeof reg_documents[0]; i++) {
		found = 0;
		lending_document_version(reg_documents[i], NULL, &cur);
		json_array_foreach(accepted, j, e) {
			doc = json_string_value(json_object_get(e, "document"));
			ver = json_string_value(json_object_get(e, "version"));
			if (doc == NULL || strcmp(doc, reg_documents[i]) != 0)
				continue;
			found = ver != NULL && strcmp(ver, cur) == 0 ? 1 : -1;
		}
		if (found == 1)
			json_array_append_new(ok, json_pack("{s:s, s:s}",
			    "document", reg_documents[i], "version", cur));
		else
			add_error(errors, reg_documents[i], found == 0 ?
			    "required" : "outdated_version");
	}
	if (json_array_size(errors) != 0) {
		json_decref(ok);
		return http_problem(r, 422, "validation",
		    "every document must be accepted", json_pack("{s:o}",
		    "errors", errors));
	}
	json_decref(errors);
	s = json_dumps(ok, JSON_COMPACT);
	json_decref(ok);
	db_execf("UPDATE registrations SET consents = ?, state = 'password' "
	    "WHERE id = ?", "tt", s, r->arg[0]);
	free(s);
	return reg_answer(r, 200, r->arg[0]);
}

/*
 * The individual terms of the application being registered, shown before
 * the code that signs them: the text, its version and its SHA-256, which
 * complete must name (the borrower signs exactly what was shown).
 */
static int
route_reg_terms(struct req *r)
{
	struct reg	 g;
	const struct product *p;
	json_t		*errors;
	char		*text, hash[65];
	int64_t		 amount;
	int		 term;

	if (reg_load(r->arg[0], &g) != 0)
		return http_problem(r, 404, "registration_not_found",
		    "no such registration (or it has expired)", NULL);
	if (strcmp(g.state, "password") != 0) {
		reg_free(&g);
		return http_problem(r, 409, "wrong_state",
		    "accept the documents first", NULL);
	}
	reg_free(&g);
	errors = json_array();
	if (lending_check(http_query(r, "product"), http_query(r, "amount"),
	    http_query(r, "term"), &p, &amount, &term, errors) != 0)
		return http_problem(r, 422, "validation",
		    "the application has errors", json_pack("{s:o}",
		    "errors", errors));
	json_decref(errors);
	if ((text = lending_terms(p, amount, term, NULL, NULL)) == NULL)
		return http_problem(r, 500, "internal", "no terms", NULL);
	auth_sha256_hex(text, hash);
	http_json(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:s}", "id",
	    "loan_terms", "title", "Индивидуальные условия договора займа",
	    "version", DOC_VERSION, "sha256", hash, "text", text));
	free(text);
	return 0;
}

static int
route_reg_complete(struct req *r)
{
	struct reg	 g;
	struct account	 a;
	const struct product *p;
	json_t		*app = json_object_get(r->json, "application");
	json_t		*errors, *bundle, *c;
	const char	*pw = http_str(r, "password");
	const char	*dev = http_str(r, "device_id"), *rule, *dh;
	char		 aid[32], apid[48], am[24], tm[24], *hash, *terms;
	char		 th[65], chid[48];
	int64_t		 amount;
	int		 term;
	size_t		 i;
	time_t		 now = sbclock_now(), until;

	if (reg_load(r->arg[0], &g) != 0)
		return http_problem(r, 404, "registration_not_found",
		    "no such registration (or it has expired)", NULL);
	if (strcmp(g.state, "password") != 0) {
		reg_free(&g);
		return http_problem(r, 409, "wrong_state", strcmp(g.state,
		    "complete") == 0 ? "the registration is complete" :
		    "accept the documents first", NULL);
	}
	if (pw == NULL || *pw == '\0' || dev == NULL || *dev == '\0') {
		reg_free(&g);
		return http_validation(r, pw == NULL || *pw == '\0' ?
		    "password" : "device_id", "required");
	}
	if ((rule = auth_password_policy(pw, g.phone)) != NULL) {
		reg_free(&g);
		return http_problem(r, 422, "weak_password",
		    "the password is too weak", json_pack("{s:[{s:s, s:s}]}",
		    "errors", "field", "password", "code", rule));
	}
	errors = json_array();
	snprintf(am, sizeof am, "%lld", (long long)json_integer_value(
	    json_object_get(app, "amount")));
	snprintf(tm, sizeof tm, "%lld", (long long)json_integer_value(
	    json_object_get(app, "term")));
	if (!json_is_integer(json_object_get(app, "amount")))
		snprintf(am, sizeof am, "x");
	if (!json_is_integer(json_object_get(app, "term")))
		snprintf(tm, sizeof tm, "x");
	if (lending_check(json_string_value(json_object_get(app, "product")),
	    am, tm, &p, &amount, &term, errors) != 0) {
		reg_free(&g);
		return http_problem(r, 422, "validation",
		    "the application has errors", json_pack("{s:o}",
		    "errors", errors));
	}
	json_decref(errors);
	/* The borrower signs the terms that were shown: their hash, as
	 * GET …/terms gave it, or nothing is made. */
	terms = lending_terms(p, amount, term, NULL, NULL);
	lending_text_keep(terms, th);
	free(terms);
	dh = json_string_value(json_object_get(app, "document_sha256"));
	if (dh == NULL || strcmp(dh, th) != 0) {
		reg_free(&g);
		return dh == NULL ? http_validation(r,
		    "application.document_sha256", "required") :
		    http_problem(r, 409, "document_changed", "these are not "
		    "the terms of this application; show them again", NULL);
	}
	if ((hash = auth_hash_password(pw)) == NULL) {
		reg_free(&g);
		return http_problem(r, 500, "internal", "cannot hash", NULL);
	}
	lending_new_id("cl", aid, sizeof aid);
	db_execf("INSERT INTO accounts (id, phone, password_hash, surname, "
	    "given_name, patronymic, birth_date, passport_series, "
	    "passport_number, passport_issued_on, division_code, address, "
	    "email, income, self_ban, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?)", "tttttttttttttiii", aid, g.phone,
	    hash, json_string_value(json_object_get(g.profile, "surname")),
	    json_string_value(json_object_get(g.profile, "name")),
	    json_string_value(json_object_get(g.profile, "patronymic")),
	    json_string_value(json_object_get(g.profile, "birth_date")),
	    json_string_value(json_object_get(g.profile, "passport_series")),
	    json_string_value(json_object_get(g.profile, "passport_number")),
	    json_string_value(json_object_get(g.profile,
	    "passport_issued_on")),
	    json_string_value(json_object_get(g.profile, "division_code")),
	    json_string_value(json_object_get(g.profile, "address")),
	    json_string_value(json_object_get(g.profile, "email")),
	    json_integer_value(json_object_get(g.profile, "income")),
	    /* The sandbox's self-ban register: one passport. */
	    (int64_t)(strcmp(json_string_value(json_object_get(g.profile,
	    "passport_series")), "4599") == 0 && strcmp(json_string_value(
	    json_object_get(g.profile, "passport_number")), "999999") == 0),
	    (int64_t)now);
	free(hash);
	json_array_foreach(g.consents, i, c)
		consent_record(aid, json_string_value(json_object_get(c,
		    "document")), json_string_value(json_object_get(c,
		    "version")));
	db_execf("INSERT OR IGNORE INTO devices VALUES (?, ?, ?)", "tti", aid,
	    g.device_hash, (int64_t)now);
	/* The account holds the profile now: the registration's copy of it
	 * (passport included) goes (152-FZ art. 5 parts 5 and 7). */
	db_execf("UPDATE registrations SET state = 'complete', account_id = ?, "
	    "profile = NULL WHERE id = ?", "tt", aid, g.id);
	/* The application waits for its own signature: the code that
	 * verified the phone came before the ПЭП agreement and the terms,
	 * so a new code is sent for these terms (63-FZ art. 9); no card
	 * yet. */
	lending_new_id("ap", apid, sizeof apid);
	db_execf("INSERT INTO applications (id, account_id, product, amount, "
	    "term, rate_bp_per_day, document_hash, state, created_at, "
	    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'awaiting_signature', ?, "
	    "?)", "tttiiitii", apid, aid, p->id, amount, (int64_t)term,
	    (int64_t)p->rate_bp_per_day, th, (int64_t)now, (int64_t)now);
	reg_free(&g);
	auth_account_by_id(aid, &a);
	log_info("registration %s complete", r->arg[0]);
	bundle = auth_session_create(&a, dev);
	if (challenge_create("application", aid, a.phone, json_pack("{s:s, "
	    "s:s, s:s, s:s, s:I}", "application_id", apid, "document_id",
	    "loan_terms", "document_version", DOC_VERSION, "document_hash",
	    th, "amount", (json_int_t)amount), chid, sizeof chid,
	    &until) == 0)
		json_object_set_new(bundle, "challenge", challenge_json(chid));
	json_object_set_new(bundle, "application",
	    lending_application_json(apid));
	return http_json(r, 201, bundle);
}

/* ---- ESIA sessions ---- */

static const struct esia_person {
	const char	*key, *label;
	const char	*surname, *name, *patronymic, *birth_date;
	const char	*series, *number, *issued_on, *division;
	const char	*account_id;	/* NULL: no account here */
} esia_persons[] = {
	{ "ivanov", "Иванов Иван Иванович", "Иванов", "Иван", "Иванович",
	  "1990-05-15", "4510", "123456", "2010-06-01", "770-001",
	  "cl_1001" },
	{ "sidorov", "Сидоров Пётр Алексеевич", "Сидоров", "Пётр",
	  "Алексеевич", "1995-07-20", "4512", "778899", "2015-08-01",
	  "770-002", NULL },
};

static const struct esia_person *
esia_find_person(const char *key)
{
	size_t	i;

	for (i = 0; i < sizeof esia_persons / sizeof esia_persons[0]; i++)
		if (key != NULL && strcmp(esia_persons[i].key, key) == 0)
			return &esia_persons[i];
	return NULL;
}

static void
user_code(char *out, size_t len)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char	c[8];
	size_t	i;

	for (i = 0; i < 8; i++)
		c[i] = alphabet[(size_t)(fault_random() * 32) % 32];
	snprintf(out, len, "%.4s-%.4s", c, c + 4);
}

/* "abcd efgh", "ABCD-EFGH" → "ABCD-EFGH" in out (>= 10 bytes); -1 if it
 * is not a user code's shape. */
static int
user_code_normalize(const char *in, char *out)
{
	char	c[8];
	size_t	n = 0;

	for (; in != NULL && *in != '\0'; in++) {
		if (*in == '-' || *in == ' ' || *in == '+')
			continue;
		if (n == sizeof c || !((*in >= 'A' && *in <= 'Z') ||
		    (*in >= 'a' && *in <= 'z') || (*in >= '0' && *in <= '9')))
			return -1;
		c[n++] = (char)(*in >= 'a' && *in <= 'z' ? *in - 32 : *in);
	}
	if (n != sizeof c)
		return -1;
	snprintf(out, 10, "%.4s-%.4s", c, c + 4);
	return 0;
}

/*
 * POST /v1/esia/sessions: the device authorization request (RFC 8628
 * §3.1).  The device code is the secret the client polls with; the
 * sandbox keeps only its hash, as the session's id.  The user code and
 * the verification address are what the user is shown.
 */
static int
route_esia_start(struct req *r)
{
	const char	*purpose = http_str(r, "purpose");
	const char	*dev = http_str(r, "device_id");
	const char	*host = http_header(r, "Host");
	char		 device_code[48], id[65], code[16], dh[65];
	char		 uri[192], full[224];
	time_t		 now = sbclock_now();

	if (purpose == NULL || (strcmp(purpose, "login") != 0 &&
	    strcmp(purpose, "registration") != 0))
		return http_validation(r, "purpose", purpose == NULL ?
		    "required" : "invalid_purpose");
	if (dev == NULL || *dev == '\0' || strlen(dev) > DEVICE_ID_MAX)
		return http_validation(r, "device_id", "required");
	auth_random_token(device_code, sizeof device_code);
	auth_sha256_hex(device_code, id);
	user_code(code, sizeof code);
	auth_sha256_hex(dev, dh);
	db_execf("INSERT INTO esia_sessions (id, purpose, device_hash, "
	    "user_code, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
	    "ttttii", id, purpose, dh, code, (int64_t)now,
	    (int64_t)(now + ESIA_TTL));
	snprintf(uri, sizeof uri, "%s://%s/esia",
	    sb_cfg.http ? "http" : "https", host != NULL && strlen(host) < 128
	    && strpbrk(host, "\"<> /?#") == NULL ? host : "127.0.0.1");
	snprintf(full, sizeof full, "%s?code=%s", uri, code);
	return http_json(r, 201, json_pack("{s:s, s:s, s:s, s:s, s:o, s:i, "
	    "s:i}", "device_code", device_code, "user_code", code,
	    "verification_uri", uri, "verification_uri_complete", full,
	    "expires_at", sbclock_json(now + ESIA_TTL), "expires_in",
	    ESIA_TTL, "interval", ESIA_INTERVAL));
}

static json_t *
person_json(const struct esia_person *p)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
	    "surname", p->surname, "name", p->name, "patronymic",
	    p->patronymic, "birth_date", p->birth_date, "passport_series",
	    p->series, "passport_number", p->number, "passport_issued_on",
	    p->issued_on, "division_code", p->division, "verified", 1);
}

/* The session id (hash) of a device code, or -1 if it is not one. */
static int
device_code_id(const char *device_code, char *id)
{
	if (device_code == NULL || *device_code == '\0' ||
	    strlen(device_code) > 128)
		return -1;
	auth_sha256_hex(device_code, id);
	return 0;
}

/*
 * POST /v1/esia/poll {device_code}: the device access token request
 * (RFC 8628 §3.4–3.5).  Only the device code's holder learns the
 * outcome, and an approval is delivered once.
 */
static int
route_esia_poll(struct req *r)
{
	sqlite3_stmt	*st;
	char		 id[65], purpose[16], state[16], dh[65], person[16];
	const struct esia_person *p;
	struct account	 a;
	time_t		 now = sbclock_now(), last, expires;
	int		 delivered;
	json_t		*bundle;

	if (device_code_id(http_str(r, "device_code"), id) != 0)
		return http_validation(r, "device_code", "required");
	st = db_queryf("SELECT purpose, state, device_hash, "
	    "COALESCE(person, ''), delivered, last_poll, expires_at FROM "
	    "esia_sessions WHERE id = ?", "t", id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return http_problem(r, 404, "esia_session_not_found",
		    "no such ESIA session", NULL);
	}
	snprintf(purpose, sizeof purpose, "%s", sqlite3_column_text(st, 0));
	snprintf(state, sizeof state, "%s", sqlite3_column_text(st, 1));
	snprintf(dh, sizeof dh, "%s", sqlite3_column_text(st, 2));
	snprintf(person, sizeof person, "%s", sqlite3_column_text(st, 3));
	delivered = sqlite3_column_int(st, 4);
	last = sqlite3_column_int64(st, 5);
	expires = sqlite3_column_int64(st, 6);
	sqlite3_finalize(st);

	if (strcmp(state, "pending") == 0 && now >= expires)
		return http_json(r, 200, json_pack("{s:s}", "status",
		    "expired"));
	if (strcmp(state, "pending") == 0) {
		db_execf("UPDATE esia_sessions SET last_poll = ? WHERE id = ?",
		    "it", (int64_t)now, id);
		if (last != 0 && now - last < ESIA_INTERVAL)
			return http_json(r, 200, json_pack("{s:s, s:i}",
			    "status", "slow_down", "interval",
			    2 * ESIA_INTERVAL));
		return http_json(r, 200, json_pack("{s:s}", "status",
		    "pending"));
	}
	if (strcmp(state, "denied") == 0)
		return http_json(r, 200, json_pack("{s:s}", "status",
		    "denied"));
	if (delivered)
		return http_json(r, 200, json_pack("{s:s}", "status",
		    "consumed"));
	p = esia_find_person(person);
	if (p == NULL)
		return http_problem(r, 500, "internal", "bad person", NULL);
	if (strcmp(purpose, "registration") == 0) {
		db_execf("UPDATE esia_sessions SET delivered = 1 WHERE id = ?",
		    "t", id);
		return http_json(r, 200, json_pack("{s:s, s:o}", "status",
		    "approved", "person", person_json(p)));
	}
	if (p->account_id == NULL || auth_account_by_id(p->account_id, &a)
	    != 0)
		return http_json(r, 200, json_pack("{s:s}", "status",
		    "no_account"));
	db_execf("UPDATE esia_sessions SET delivered = 1 WHERE id = ?", "t",
	    id);
	db_execf("INSERT OR IGNORE INTO devices VALUES (?, ?, ?)", "tti",
	    a.id, dh, (int64_t)now);
	bundle = auth_session_create(&a, "esia");
	/* The session's device is the one that asked, not "esia". */
	db_execf("UPDATE sessions SET device_hash = ? WHERE id = (SELECT "
	    "MAX(id) FROM sessions WHERE account_id = ?)", "tt", dh, a.id);
	/* The borrower's own number, which the client keys its stored
	 * session by (it typed none). */
	return http_json(r, 200, json_pack("{s:s, s:o, s:s}", "status",
	    "approved", "session", bundle, "phone", a.phone));
}

/* ---- the sandbox's sign-in page (a stand-in for Gosuslugi) ---- */

#define ESIA_TITLE	"Госуслуги (песочница)"

/* GET /esia[?code=USER-CODE]: the verification page asks for the code
 * the terminal shows (filled in when the QR code carried it). */
static int
route_esia_page(struct req *r)
{
	struct buf	 b = BUF_INIT;
	char		 code[16] = "";
	size_t		 i;
	int		 rc;

	if (user_code_normalize(http_query(r, "code"), code) != 0)
		code[0] = '\0';
	buf_addf(&b, "<h1>Вход через Госуслуги</h1>\n"
	    "<form method=\"post\" action=\"/esia\">\n"
	    "<p>Код с экрана: <input name=\"user_code\" value=\"%s\" "
	    "autocomplete=\"off\"></p>\n<select name=\"person\">\n", code);
	for (i = 0; i < sizeof esia_persons / sizeof esia_persons[0]; i++)
		buf_addf(&b, "<option value=\"%s\">%s</option>\n",
		    esia_persons[i].key, esia_persons[i].label);
	buf_addf(&b, "</select>\n<button name=\"action\" value=\"approve\">"
	    "Разрешить</button>\n<button name=\"action\" value=\"deny\">"
	    "Отказать</button>\n</form>\n");
	rc = http_html_page(r, 200, ESIA_TITLE, b.data);
	buf_release(&b);
	return rc;
}

/* The value of name in an application/x-www-form-urlencoded body (codes
 * and keys only: [A-Za-z0-9_+-]), copied to out. */
static const char *
form_value(struct req *r, const char *name, char *out, size_t len)
{
	const char	*p = r->body.data, *end = p + r->body.len;
	size_t		 n = strlen(name), i;

	while (p != NULL && p < end) {
		if ((size_t)(end - p) > n && strncmp(p, name, n) == 0 &&
		    p[n] == '=') {
			p += n + 1;
			for (i = 0; p < end && *p != '&' && i < len - 1; p++)
				out[i++] = *p;
			out[i] = '\0';
			return out;
		}
		p = memchr(p, '&', end - p);
		if (p != NULL)
			p++;
	}
	return NULL;
}

/* POST /esia: the user's decision on the session the code names.  Codes
 * are short, so guesses are limited per address (RFC 8628 §5.1). */
static int
route_esia_decide(struct req *r)
{
	char	 in[32], code[16], person[32], action[16], key[96];
	int	 n;

	snprintf(key, sizeof key, "esia_code:%s", r->remote);
	if (ratelimit_hit(key, ESIA_CODES_PER_MINUTE, 60) != 0)
		return http_html_page(r, 429, ESIA_TITLE,
		    "<h1>Слишком много попыток; подождите "
		    "минуту</h1>\n");
	if (form_value(r, "user_code", in, sizeof in) == NULL ||
	    form_value(r, "action", action, sizeof action) == NULL)
		return http_html_page(r, 400, ESIA_TITLE,
		    "<h1>Неверный запрос</h1>\n");
	if (user_code_normalize(in, code) != 0)
		return http_html_page(r, 404, ESIA_TITLE,
		    "<h1>Неверный код</h1>\n");
	if (form_value(r, "person", person, sizeof person) == NULL)
		snprintf(person, sizeof person, "ivanov");
	if (strcmp(action, "approve") == 0 && esia_find_person(person) != NULL)
		n = db_execf("UPDATE esia_sessions SET state = 'approved', "
		    "person = ? WHERE user_code = ? AND state = 'pending' AND "
		    "expires_at > ?", "tti", person, code,
		    (int64_t)sbclock_now());
	else if (strcmp(action, "deny") == 0)
		n = db_execf("UPDATE esia_sessions SET state = 'denied' WHERE "
		    "user_code = ? AND state = 'pending' AND expires_at > ?",
		    "ti", code, (int64_t)sbclock_now());
	else
		return http_html_page(r, 400, ESIA_TITLE,
		    "<h1>Неверный запрос</h1>\n");
	if (n < 1)
		return http_html_page(r, 404, ESIA_TITLE,
		    "<h1>Неверный код, или он истёк</h1>\n");
	return http_html_page(r, 200, ESIA_TITLE,
	    strcmp(action, "approve") == 0 ?
	    "<h1>Готово: вернитесь в терминал</h1>\n" :
	    "<h1>Вход отклонён</h1>\n");
}

/* GET /v1/consents: every consent the borrower has given, oldest first. */
static int
route_consents(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();

	st = db_queryf("SELECT document, version, text_sha256, accepted_at "
	    "FROM consent_log WHERE account_id = ? ORDER BY id", "t",
	    r->account.id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:o}",
		    "document", sqlite3_column_text(st, 0),
		    "version", sqlite3_column_text(st, 1),
		    "text_sha256", sqlite3_column_text(st, 2),
		    "accepted_at", sbclock_json(sqlite3_column_int64(st, 3))));
	sqlite3_finalize(st);
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

const struct route routes_register[] = {
	{ "GET", "/v1/consents", route_consents, R_NEEDS_AUTH },
	{ "POST", "/v1/registrations", route_reg_start, R_JSON },
	{ "GET", "/v1/registrations/*", route_reg_get, 0 },
	{ "PUT", "/v1/registrations/*/profile", route_reg_profile, R_JSON },
	{ "POST", "/v1/registrations/*/consents", route_reg_consents, R_JSON },
	{ "POST", "/v1/registrations/*/complete", route_reg_complete, R_JSON },
	{ "GET", "/v1/registrations/*/terms", route_reg_terms, 0 },
	{ "POST", "/v1/esia/sessions", route_esia_start, R_JSON },
	{ "POST", "/v1/esia/poll", route_esia_poll, R_JSON },
	{ "GET", "/esia", route_esia_page, 0 },
	{ "POST", "/esia", route_esia_decide, 0 },
	{ NULL, NULL, NULL, 0 },
};
