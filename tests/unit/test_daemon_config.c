/* test_daemon_config.c — kabinetd.conf: good files, bad keys and values,
 * and plain http refused unless to loopback with allow_http. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kabinetd.h"

static char	tmpl[] = "/tmp/kb-test-config-XXXXXX";
static char	*dir;

/* Writes text to a fresh file; returns its path (caller frees). */
static char *
conf(const char *text)
{
	static int	 n;
	char		*path;
	FILE		*f;

	if (dir == NULL)
		assert_non_null(dir = mkdtemp(tmpl));
	assert_true(asprintf(&path, "%s/%d.conf", dir, n++) > 0);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads text into fresh defaults; returns config_load()'s answer. */
static int
load(struct config *c, const char *text, char **errp)
{
	char	*path = conf(text);
	int	 rc;

	config_defaults(c);
	rc = config_load(c, path, errp);
	unlink(path);
	free(path);
	return rc;
}

static void
test_defaults(void **state)
{
	struct config	c;
	char		*err = (char *)"unset";

	(void)state;
	config_defaults(&c);
	assert_string_equal(c.lender_url, "https://127.0.0.1:8443");
	assert_null(c.ca_file);
	assert_int_equal(c.connect_timeout_ms, 5000);
	assert_int_equal(c.request_timeout_ms, 30000);
	assert_int_equal(c.health_interval_s, 60);
	assert_int_equal(c.keyring, 1);
	assert_int_equal(c.allow_http, 0);
	/* A missing file is fine and changes nothing. */
	assert_int_equal(config_load(&c, "/nonexistent/kabinetd.conf",
	    &err), 0);
	assert_null(err);
	assert_int_equal(c.health_interval_s, 60);
	config_free(&c);
}

static void
test_good_file(void **state)
{
	struct config	c;
	char		*err = NULL;

	(void)state;
	assert_int_equal(load(&c,
	    "# kabinetd.conf\n"
	    "\n"
	    "lender_url = https://lk.lender.example/  # trailing comment\n"
	    "  ca_file=/etc/kabinet/ca.pem\n"
	    "pinned_key = \"sha256//AAAA\"\n"
	    "connect_timeout_ms = 1500\n"
	    "request_timeout_ms\t=\t9000\n"
	    "health_interval = 2\n"
	    "allow_http = no\n", &err), 0);
	assert_null(err);
	assert_string_equal(c.lender_url, "https://lk.lender.example/");
	assert_string_equal(c.ca_file, "/etc/kabinet/ca.pem");
	assert_string_equal(c.pinned_key, "sha256//AAAA");
	assert_int_equal(c.connect_timeout_ms, 1500);
	assert_int_equal(c.request_timeout_ms, 9000);
	assert_int_equal(c.health_interval_s, 2);
	assert_int_equal(c.allow_http, 0);
	config_free(&c);
}

static void
test_bad_key(void **state)
{
	struct config	c;
	char		*err = NULL;

	(void)state;
	assert_int_equal(load(&c, "lender_url = https://x.example\n"
	    "helth_interval = 2\n", &err), -1);
	assert_non_null(err);
	/* Names the line and the key. */
	assert_non_null(strstr(err, ".conf:2: "));
	assert_non_null(strstr(err, "unknown key \"helth_interval\""));
	free(err);
	config_free(&c);

	assert_int_equal(load(&c, "just some words\n", &err), -1);
	assert_non_null(strstr(err, ".conf:1: "));
	free(err);
	config_free(&c);
}

static void
test_bad_value(void **state)
{
	static const char *bad[] = {
		"health_interval = 0\n",
		"health_interval = ten\n",
		"health_interval = -5\n",
		"connect_timeout_ms = 12ms\n",
		"request_timeout_ms = 99999999999999999999\n",
		"allow_http = maybe\n",
		"lender_url =\n",
	};
	struct config	 c;
	char		*err;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		assert_int_equal(load(&c, bad[i], &err), -1);
		assert_non_null(err);
		assert_non_null(strstr(err, ".conf:1: bad value"));
		free(err);
		config_free(&c);
	}
	/* The good value before a bad line does not hide the error. */
	assert_int_equal(load(&c, "health_interval = 3\n"
	    "health_interval = 3s\n", &err), -1);
	assert_non_null(strstr(err, ".conf:2: "));
	free(err);
	config_free(&c);
}

static void
test_http_refused(void **state)
{
	struct config	c;
	char		*err = NULL;

	(void)state;
	/* Plain http without allow_http: refused, even to loopback. */
	assert_int_equal(load(&c, "lender_url = http://127.0.0.1:8080\n",
	    &err), -1);
	assert_non_null(strstr(err, ".conf:1: "));
	assert_non_null(strstr(err, "plain http"));
	free(err);
	config_free(&c);

	/* allow_http but a non-loopback host: refused. */
	assert_int_equal(load(&c, "lender_url = http://lender.example\n"
	    "allow_http = yes\n", &err), -1);
	assert_non_null(strstr(err, "not loopback"));
	free(err);
	config_free(&c);
	assert_int_equal(load(&c, "allow_http = yes\n"
	    "lender_url = http://10.0.0.1:8080\n", &err), -1);
	free(err);
	config_free(&c);
	assert_int_equal(load(&c, "allow_http = yes\n"
	    "lender_url = http://127.0.0.1.nip.io/\n", &err), -1);
	free(err);
	config_free(&c);

	/* allow_http and loopback, in either order: fine. */
	assert_int_equal(load(&c, "lender_url = http://127.0.0.1:8080\n"
	    "allow_http = yes\n", &err), 0);
	assert_int_equal(c.allow_http, 1);
	config_free(&c);
	assert_int_equal(load(&c, "allow_http = true\n"
	    "lender_url = http://[::1]:8080\n", &err), 0);
	config_free(&c);
	assert_int_equal(load(&c, "allow_http = 1\n"
	    "lender_url = http://localhost:8080\n", &err), 0);
	config_free(&c);
	assert_int_equal(load(&c, "allow_http = on\n"
	    "lender_url = http://127.9.8.7\n", &err), 0);
	config_free(&c);

	/* Other schemes never. */
	assert_int_equal(config_check_url("ftp://127.0.0.1/", 1, &err), -1);
	assert_non_null(strstr(err, "only https"));
	free(err);
	assert_int_equal(config_check_url("https://lk.lender.example", 0,
	    &err), 0);
}

/*
 * A terminal server's /etc/kabinet/kabinetd.conf sets the lender once; a
 * user's own file, read after it, overrides only the keys it names, and
 * an error in it names that file.
 */
static void
test_system_then_user(void **state)
{
	struct config	 c;
	char		*sys, *user, *bad, *err = NULL;

	(void)state;
	assert_string_equal(CONFIG_SYSTEM_FILE, SYSCONFDIR
	    "/kabinet/kabinetd.conf");
	sys = conf("lender_url = https://lk.lender.example\n"
	    "ca_file = /etc/kabinet/lender-ca.pem\n"
	    "health_interval = 30\n");
	user = conf("health_interval = 5\n");
	bad = conf("lender_url = http://lk.lender.example\n");
	config_defaults(&c);
	assert_int_equal(config_load(&c, sys, &err), 0);
	assert_int_equal(config_load(&c, user, &err), 0);
	assert_null(err);
	assert_string_equal(c.lender_url, "https://lk.lender.example");
	assert_string_equal(c.ca_file, "/etc/kabinet/lender-ca.pem");
	assert_int_equal(c.health_interval_s, 5);
	assert_int_equal(config_load(&c, bad, &err), -1);
	assert_non_null(strstr(err, bad));
	free(err);
	config_free(&c);
	unlink(sys);
	unlink(user);
	unlink(bad);
	free(sys);
	free(user);
	free(bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_file),
		cmocka_unit_test(test_bad_key),
		cmocka_unit_test(test_bad_value),
		cmocka_unit_test(test_http_refused),
		cmocka_unit_test(test_system_then_user),
	};
	int	rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	if (dir != NULL)
		rmdir(dir);
	return rc;
}
