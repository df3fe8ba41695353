/*
 * buf.h — the one growable byte buffer of kabinet (after git's strbuf).
 *
 * Invariants: after buf_init() `data` is never NULL and data[len] == '\0',
 * so a buf can always be used as a C string; len <= cap - 1 once anything
 * was allocated.  Ownership verbs: buf_release() frees and re-inits,
 * buf_detach() hands the bytes to the caller (who frees them with free()),
 * buf_wipe_release() overwrites the bytes before freeing (for secrets).
 */
#ifndef KABINET_BUF_H
#define KABINET_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;	/* 0 while data points at the shared empty string */
};

#define BUF_INIT { buf_empty, 0, 0 }
extern char buf_empty[];

void	 buf_init(struct buf *, size_t hint);
void	 buf_release(struct buf *);
void	 buf_wipe_release(struct buf *);
/* Returns the bytes (NUL-terminated, caller frees) and re-inits the buf. */
char	*buf_detach(struct buf *, size_t *lenp);
void	 buf_grow(struct buf *, size_t extra);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addch(struct buf *, int);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vaddf(struct buf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/*
 * Appends s as one field of a key that tells states apart: NULL and every
 * string, the empty one included, leave different bytes, and no sequence
 * of fields reads as another.
 */
void	 buf_add_field(struct buf *, const char *s);
/* Drops the first n bytes (n <= len). */
void	 buf_consume(struct buf *, size_t n);

#endif
