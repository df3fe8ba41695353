/* buf.c — the growable byte buffer; invariants in buf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kabinet/buf.h"
#include "kabinet/log.h"
#include "kabinet/xmalloc.h"

char buf_empty[1];

void
buf_init(struct buf *b, size_t hint)
{
	b->data = buf_empty;
	b->len = b->cap = 0;
	if (hint > 0)
		buf_grow(b, hint);
}

void
buf_release(struct buf *b)
{
	if (b->cap > 0)
		free(b->data);
	buf_init(b, 0);
}

void
buf_wipe_release(struct buf *b)
{
	if (b->cap > 0)
		wipe(b->data, b->cap);
	buf_release(b);
}

char *
buf_detach(struct buf *b, size_t *lenp)
{
	char	*p;

	if (lenp != NULL)
		*lenp = b->len;
	p = b->cap > 0 ? b->data : xcalloc(1, 1);
	buf_init(b, 0);
	return p;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t	need;

	if (b->len + extra + 1 < b->len)
		fatalx("buffer length overflows");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0) {
		size_t cap = need < 64 ? 64 : need;
		b->data = xmalloc(cap);
		b->data[0] = '\0';
		b->cap = cap;
		return;
	}
	while (b->cap < need)
		b->cap = b->cap < 4096 ? b->cap * 2 : b->cap + b->cap / 2;
	b->data = xrealloc(b->data, b->cap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap > 0)
		b->data[0] = '\0';
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addch(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void
buf_add_field(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_addch(b, '\0');
		return;
	}
	buf_addch(b, '\1');
	buf_add(b, s, strlen(s) + 1);	/* its NUL ends it */
}

void
buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	ap2;
	int	n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatalx("bad format string");
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		buf_reset(b);
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
	b->data[b->len] = '\0';
}
