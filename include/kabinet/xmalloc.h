/*
 * xmalloc.h — allocation that cannot fail (after tmux's xmalloc.c) and
 * wiping of secrets.  Running out of memory is fatal: callers never check
 * for NULL.  Every secret (password, SMS code, PAN, token) is freed through
 * xfree_secret() or wiped with wipe() once used.
 */
#ifndef KABINET_XMALLOC_H
#define KABINET_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Overwrites n bytes in a way the compiler may not optimise away. */
void	 wipe(void *, size_t n);
/* Wipes a NUL-terminated string, then frees it.  NULL is fine. */
void	 xfree_secret(char *);
/*
 * free() and realloc() that wipe the whole block they give back, for a
 * library that copies secrets into buffers of its own (libcurl's request
 * buffers hold a sign-in's password or an SMS code): nothing it freed
 * keeps them.  realloc_wiped() may fail (NULL), as realloc() may.
 */
void	 free_wiped(void *);
void	*realloc_wiped(void *, size_t);

#endif
