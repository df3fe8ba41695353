/*
 * routes_documents.c — GET /v1/account/documents: every document the
 * borrower accepted (consent_log), signed with the simple electronic
 * signature (signatures) or was issued on a loan (loan_documents:
 * receipts, extension agreements, repayment certificates), and one
 * document's exact text, whose SHA-256 is the one on the record
 * (doc/lender-api.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox.h"

/* The records, one SELECT each: an id prefix, a kind and the query
 * (id, document, version, sha256, time, application, loan, title or
 * NULL, number or NULL, payment or NULL). */
#define LOANDOC_SQL(doc) "SELECT id, document, '" LOANDOCS_VERSION "', " \
	"sha256, issued_at, NULL, loan_id, title, number, payment_id FROM " \
	"loan_documents WHERE document = '" doc "' AND account_id = ?"
static const struct doc_source {
	const char	*prefix, *kind, *sql;
} doc_sources[] = {
	{ "consent_", "consent", "SELECT id, document, version, text_sha256, "
	  "accepted_at, NULL, NULL, NULL, NULL, NULL FROM consent_log WHERE "
	  "account_id = ?" },
	{ "signature_", "signature", "SELECT id, document_id, "
	  "document_version, document_sha256, signed_at, application_id, "
	  "(SELECT a.loan_id FROM applications a WHERE a.id = "
	  "signatures.application_id), "
	  "NULL, NULL, NULL FROM signatures WHERE account_id = ?" },
	{ "extension_", "extension", LOANDOC_SQL("extension_agreement") },
	{ "receipt_", "receipt", LOANDOC_SQL("payment_receipt") },
	{ "certificate_", "certificate", LOANDOC_SQL("repayment_certificate") },
};

static json_t *
doc_json(const struct doc_source *src, sqlite3_stmt *st)
{
	const char	*doc = (const char *)sqlite3_column_text(st, 1);
	const char	*title = (const char *)sqlite3_column_text(st, 7);
	char		 id[48];

	if (title == NULL && lending_document(doc, &title) == NULL)
		title = strcmp(doc, "loan_terms") == 0 ?
		    "Индивидуальные условия договора займа" : doc;
	snprintf(id, sizeof id, "%s%lld", src->prefix,
	    (long long)sqlite3_column_int64(st, 0));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s*, s:s*,"
	    " s:s*, s:s*}",
	    "id", id, "kind", src->kind, "document_id", doc, "title", title,
	    "version", sqlite3_column_text(st, 2),
	    "sha256", sqlite3_column_text(st, 3),
	    "signed_at", sbclock_json(sqlite3_column_int64(st, 4)),
	    "application_id", sqlite3_column_text(st, 5),
	    "loan_id", sqlite3_column_text(st, 6),
	    "number", sqlite3_column_text(st, 8),
	    "payment_id", sqlite3_column_text(st, 9));
}

/* The kept text whose hash is sha256, or the current text of a document
 * the record's hash still matches; NULL when the lender has neither. */
static char *
doc_text(const char *document, const char *sha256)
{
	sqlite3_stmt	*st;
	const char	*cur;
	char		*text = NULL, hash[65];

	st = db_queryf("SELECT text FROM document_texts WHERE sha256 = ?", "t",
	    sha256);
	if (sqlite3_step(st) == SQLITE_ROW)
		text = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (text == NULL && (cur = lending_document(document, NULL)) != NULL) {
		auth_sha256_hex(cur, hash);
		if (strcmp(hash, sha256) == 0)
			text = strdup(cur);
	}
	return text;
}

/* GET /v1/account/documents: oldest first, consents, signatures, then
 * what the lender issued on each loan. */
static int
route_my_documents(struct req *r)
{
	sqlite3_stmt	*st;
	json_t		*items = json_array();
	size_t		 i;
	char		*sql;

	for (i = 0; i < sizeof doc_sources / sizeof doc_sources[0]; i++) {
		if (asprintf(&sql, "%s ORDER BY id", doc_sources[i].sql) < 0)
			abort();
		st = db_queryf(sql, "t", r->account.id);
		free(sql);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(items, doc_json(&doc_sources[i],
			    st));
		sqlite3_finalize(st);
	}
	return http_json(r, 200, json_pack("{s:o}", "items", items));
}

/* GET /v1/account/documents/{id}: the record and its exact text. */
static int
route_my_document(struct req *r)
{
	const struct doc_source *src = NULL;
	sqlite3_stmt	*st;
	json_t		*j = NULL;
	const char	*id = r->arg[0];
	char		*sql, *end, *text = NULL;
	long long	 n = -1;
	size_t		 i;

	for (i = 0; i < sizeof doc_sources / sizeof doc_sources[0]; i++)
		if (strncmp(id, doc_sources[i].prefix,
		    strlen(doc_sources[i].prefix)) == 0) {
			src = &doc_sources[i];
			n = strtoll(id + strlen(src->prefix), &end, 10);
			if (*end != '\0' || end == id + strlen(src->prefix))
				n = -1;
		}
	if (src == NULL || n < 0)
		return http_problem(r, 404, "document_not_found",
		    "no such document", NULL);
	if (asprintf(&sql, "%s AND id = ?", src->sql) < 0)
		abort();
	st = db_queryf(sql, "ti", r->account.id, (int64_t)n);
	free(sql);
	if (sqlite3_step(st) == SQLITE_ROW) {
		j = doc_json(src, st);
		text = doc_text((const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (j == NULL)
		return http_problem(r, 404, "document_not_found",
		    "no such document", NULL);
	if (text == NULL) {
		json_decref(j);
		return http_problem(r, 410, "text_not_kept",
		    "the lender no longer keeps this document's text", NULL);
	}
	json_object_set_new(j, "text", json_string(text));
	free(text);
	return http_json(r, 200, j);
}

const struct route routes_documents[] = {
	{ "GET", "/v1/account/documents", route_my_documents, R_NEEDS_AUTH },
	{ "GET", "/v1/account/documents/*", route_my_document, R_NEEDS_AUTH },
	{ NULL, NULL, NULL, 0 },
};
