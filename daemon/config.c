/*
 * config.c — kabinetd.conf: "key = value" lines, '#' comments.
 *
 * Keys: lender_url, ca_file, pinned_key, allow_http, connect_timeout_ms,
 * request_timeout_ms, health_interval, desktop_notifications.  Anything else is an error naming
 * file:line, so a typo never silently falls back to a default.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <glib.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

#include "kabinet/xmalloc.h"
#include "kabinetd.h"

#define DEFAULT_LENDER_URL	"https://127.0.0.1:8443"

struct config cfg;

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->lender_url = xstrdup(DEFAULT_LENDER_URL);
	c->connect_timeout_ms = 5000;
	c->request_timeout_ms = 30000;
	c->health_interval_s = 60;
	c->keyring = 1;
	c->desktop_notifications = 1;
}

void
config_free(struct config *c)
{
	free(c->lender_url);
	free(c->ca_file);
	free(c->pinned_key);
	free(c->socket_path);
	free(c->state_dir);
	memset(c, 0, sizeof *c);
}

static int
parse_bool(const char *v, int *out)
{
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0)
		*out = 1;
	else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0 ||
	    strcmp(v, "0") == 0 || strcasecmp(v, "off") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
parse_long(const char *v, long min, long max, long *out)
{
	char	*end;
	long	 n;

	if (*v == '\0' || !isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
host_is_loopback(const char *host)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	char		 tmp[64];
	size_t		 n;

	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	n = strlen(host);
	if (n > 2 && host[0] == '[' && host[n - 1] == ']' && n - 2 < sizeof tmp) {
		memcpy(tmp, host + 1, n - 2);
		tmp[n - 2] = '\0';
		if (inet_pton(AF_INET6, tmp, &a6) == 1)
			return IN6_IS_ADDR_LOOPBACK(&a6);
	}
	return 0;
}

int
config_check_url(const char *url, int allow_http, char **errp)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL;
	int	 rc = -1;

	*errp = NULL;
	u = curl_url();
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		xasprintf(errp, "lender URL \"%s\" is not a valid URL", url);
		goto out;
	}
	if (strcasecmp(scheme, "https") == 0)
		rc = 0;
	else if (strcasecmp(scheme, "http") == 0) {
		if (!allow_http)
			xasprintf(errp, "lender URL \"%s\" is plain http; "
			    "use https or set allow_http for a loopback "
			    "lender", url);
		else if (!host_is_loopback(host))
			xasprintf(errp, "lender URL \"%s\" is plain http to "
			    "\"%s\", which is not loopback; plain http is "
			    "allowed only to 127.0.0.0/8, ::1 and localhost",
			    url, host);
		else
			rc = 0;
	} else
		xasprintf(errp, "lender URL \"%s\" has scheme \"%s\"; "
		    "only https is supported", url, scheme);
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Applies one key; -1 with *whyp for a bad key or value. */
static int
config_set(struct config *c, const char *key, const char *val,
    const char **whyp)
{
	long	n;

	if (strcmp(key, "lender_url") == 0) {
		if (*val == '\0') {
			*whyp = "lender_url is empty";
			return -1;
		}
		free(c->lender_url);
		c->lender_url = xstrdup(val);
	} else if (strcmp(key, "ca_file") == 0) {
		free(c->ca_file);
		c->ca_file = *val != '\0' ? xstrdup(val) : NULL;
	} else if (strcmp(key, "pinned_key") == 0) {
		free(c->pinned_key);
		c->pinned_key = *val != '\0' ? xstrdup(val) : NULL;
	} else if (strcmp(key, "allow_http") == 0) {
		if (parse_bool(val, &c->allow_http) == -1) {
			*whyp = "allow_http must be yes or no";
			return -1;
		}
	} else if (strcmp(key, "connect_timeout_ms") == 0) {
		if (parse_long(val, 1, 600000, &n) == -1) {
			*whyp = "connect_timeout_ms must be 1 to 600000";
			return -1;
		}
		c->connect_timeout_ms = n;
	} else if (strcmp(key, "request_timeout_ms") == 0) {
		if (parse_long(val, 1, 3600000, &n) == -1) {
			*whyp = "request_timeout_ms must be 1 to 3600000";
			return -1;
		}
		c->request_timeout_ms = n;
	} else if (strcmp(key, "desktop_notifications") == 0) {
		if (parse_bool(val, &c->desktop_notifications) == -1) {
			*whyp = "desktop_notifications must be yes or no";
			return -1;
		}
	} else if (strcmp(key, "health_interval") == 0) {
		if (parse_long(val, 1, 86400, &n) == -1) {
			*whyp = "health_interval must be 1 to 86400 seconds";
			return -1;
		}
		c->health_interval_s = (int)n;
	} else {
		*whyp = NULL;
		return -1;
	}
	return 0;
}

int
config_load(struct config *c, const char *path, char **errp)
{
	FILE		*f;
	char		*line = NULL, *p, *key, *val, *eq;
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned int	 lineno = 0, url_line = 0;
	const char	*why;
	char		*uerr;
	size_t		 vlen;

	*errp = NULL;
	if ((f = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return 0;
		xasprintf(errp, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = trim(line);
		if (*p == '\0')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			xasprintf(errp, "%s:%u: expected \"key = value\"",
			    path, lineno);
			goto fail;
		}
		*eq = '\0';
		key = trim(p);
		val = trim(eq + 1);
		vlen = strlen(val);
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"') {
			val[vlen - 1] = '\0';
			val++;
		}
		if (config_set(c, key, val, &why) == -1) {
			if (why == NULL)
				xasprintf(errp, "%s:%u: unknown key \"%s\"",
				    path, lineno, key);
			else
				xasprintf(errp, "%s:%u: bad value \"%s\": %s",
				    path, lineno, val, why);
			goto fail;
		}
		if (strcmp(key, "lender_url") == 0)
			url_line = lineno;
	}
	if (ferror(f)) {
		xasprintf(errp, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* allow_http may come after lender_url, so check at the end. */
	if (url_line != 0 &&
	    config_check_url(c->lender_url, c->allow_http, &uerr) == -1) {
		xasprintf(errp, "%s:%u: %s", path, url_line, uerr);
		free(uerr);
		goto fail;
	}
	free(line);
	fclose(f);
	return 0;
fail:
	free(line);
	fclose(f);
	return -1;
}

/* "sha256//" and the base64 of 32 bytes, several joined by ';'? */
static int
pin_hashes_ok(const char *spec)
{
	const char	*p = spec, *end;
	size_t		 n, i;
	guchar		*raw;
	gsize		 rawlen;
	char		 b64[64];

	for (;;) {
		if (strncmp(p, "sha256//", 8) != 0)
			return 0;
		p += 8;
		end = strchr(p, ';');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n != 44 || p[43] != '=' || p[42] == '=')
			return 0;
		for (i = 0; i < 43; i++)
			if (!g_ascii_isalnum(p[i]) && p[i] != '+' &&
			    p[i] != '/')
				return 0;
		memcpy(b64, p, n);
		b64[n] = '\0';
		raw = g_base64_decode(b64, &rawlen);
		g_free(raw);
		if (rawlen != 32)
			return 0;
		if (end == NULL)
			return 1;
		p = end + 1;
	}
}

/* The sha256// pin of the public key in a certificate or key file (PEM
 * or DER); NULL (caller frees otherwise) if it holds neither. */
static char *
pin_of_file(const char *path)
{
	gnutls_datum_t		 in = { NULL, 0 }, der = { NULL, 0 };
	gnutls_x509_crt_t	 crt = NULL;
	gnutls_pubkey_t		 pub = NULL;
	GChecksum		*ck;
	guint8			 digest[32];
	gsize			 dlen = sizeof digest;
	gchar			*b64, *out = NULL;
	gchar			*text;
	gsize			 len;
	int			 ok = 0;

	if (!g_file_get_contents(path, &text, &len, NULL))
		return NULL;
	in.data = (unsigned char *)text;
	in.size = (unsigned int)len;
	if (gnutls_pubkey_init(&pub) < 0)
		goto out;
	if (gnutls_x509_crt_init(&crt) < 0)
		goto out;
	if (gnutls_x509_crt_import(crt, &in, GNUTLS_X509_FMT_PEM) >= 0 ||
	    gnutls_x509_crt_import(crt, &in, GNUTLS_X509_FMT_DER) >= 0)
		ok = gnutls_pubkey_import_x509(pub, crt, 0) >= 0;
	else
		ok = gnutls_pubkey_import(pub, &in, GNUTLS_X509_FMT_PEM) >=
		    0 || gnutls_pubkey_import(pub, &in, GNUTLS_X509_FMT_DER) >=
		    0;
	if (!ok || gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der) < 0)
		goto out;
	ck = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(ck, der.data, der.size);
	g_checksum_get_digest(ck, digest, &dlen);
	g_checksum_free(ck);
	b64 = g_base64_encode(digest, dlen);
	xasprintf(&out, "sha256//%s", b64);
	g_free(b64);
out:
	gnutls_free(der.data);
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	g_free(text);
	return out;
}

int
config_pin(char **pinp, char **errp)
{
	char	*pin;

	*errp = NULL;
	if (*pinp == NULL)
		return 0;
	if (strncmp(*pinp, "sha256//", 8) == 0) {
		if (pin_hashes_ok(*pinp))
			return 0;
		xasprintf(errp, "pinned key \"%s\" is not sha256// followed "
		    "by the base64 of a SHA-256 (44 characters), several "
		    "joined by ';'", *pinp);
		return -1;
	}
	if (access(*pinp, R_OK) == -1) {
		xasprintf(errp, "pinned key file \"%s\": %s", *pinp,
		    strerror(errno));
		return -1;
	}
	if ((pin = pin_of_file(*pinp)) == NULL) {
		xasprintf(errp, "pinned key file \"%s\" holds no certificate "
		    "or public key (PEM or DER)", *pinp);
		return -1;
	}
	free(*pinp);
	*pinp = pin;
	return 0;
}
