/*
 * fuzz_sandbox.c — the sandbox's routing below libmicrohttpd (http_route,
 * http_path_ok) under any method and path.  A route found is the
 * method's (HEAD as GET), its '*' segments are non-empty, short and hold
 * no '/', and putting them back into the pattern gives the path; a path
 * with no route for the method names the methods it has, if any.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "sandbox.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const methods[] = { "GET", "POST", "PUT", "DELETE",
    "PATCH", "HEAD", "OPTIONS", "get", "" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req		*r;
	struct buf		 allow = BUF_INIT, back = BUF_INIT;
	const struct route	*rt;
	const char		*p, *m;
	char			*path;
	int			 n = 0;

	if (size < 1)
		return 0;
	r = calloc(1, sizeof *r);
	path = malloc(size);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	r->method = methods[(data[0] & 0x7f) % (sizeof methods /
	    sizeof methods[0])];
	r->path = path;
	sb_cfg.sandbox_api = data[0] >> 7;
	if (!http_path_ok(path) && strpbrk(path, "\x7f") == NULL) {
		for (p = path; *p != '\0' && (unsigned char)*p >= 0x20; p++)
			;
		if (*p == '\0')
			abort();	/* refused a path with no control byte */
	}
	rt = http_route(r, &allow);
	if (rt != NULL) {
		m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
		if (strcmp(rt->method, m) != 0 || (!sb_cfg.sandbox_api &&
		    (rt->flags & R_SANDBOX)))
			abort();
		for (p = rt->pattern; *p != '\0'; p++) {
			if (*p != '*') {
				buf_addch(&back, *p);
				continue;
			}
			if (n >= 2 || r->arg[n] == NULL || *r->arg[n] == '\0' ||
			    strchr(r->arg[n], '/') != NULL ||
			    strlen(r->arg[n]) >= sizeof r->argbuf[0])
				abort();
			buf_adds(&back, r->arg[n++]);
		}
		buf_addch(&back, '\0');
		if (strcmp(back.data, path) != 0)
			abort();
	} else if (allow.len > 0 && (allow.data[0] < 'A' ||
	    allow.data[0] > 'Z'))
		abort();
	buf_release(&back);
	buf_release(&allow);
	free(path);
	free(r);
	return 0;
}
