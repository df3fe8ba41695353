/*
 * fuzz_config.c — the daemon's config file parser (config_load) under any
 * file.  It either accepts (and then the lender URL is one config_check_url
 * accepts, and the timeouts are in range) or refuses with a message that
 * names the file; it never crashes or leaks.
 */
#define _GNU_SOURCE
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kabinetd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 fd = -1;
	static char	 path[64];
	struct config	 c;
	char		*err = NULL, *uerr = NULL;

	if (fd == -1) {
		if ((fd = memfd_create("kabinetd.conf", 0)) == -1)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	config_defaults(&c);
	if (config_load(&c, path, &err) == 0) {
		if (err != NULL)
			abort();
		if (c.lender_url != NULL && config_check_url(c.lender_url,
		    c.allow_http, &uerr) != 0)
			abort();
	} else if (err == NULL || strncmp(err, path, strlen(path)) != 0)
		abort();
	free(uerr);
	free(err);
	config_free(&c);
	return 0;
}
