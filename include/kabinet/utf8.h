/*
 * utf8.h — the one UTF-8 decoder and encoder of kabinet (the TUI's text,
 * transliteration, names, the sandbox's surnames).  Strict: overlong
 * forms, surrogates, code points past U+10FFFF and cut sequences are
 * invalid.
 */
#ifndef KABINET_UTF8_H
#define KABINET_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "kabinet/buf.h"

/* The code point at s (at most n bytes, n >= 1); *used gets its length in
 * bytes.  Invalid: -1, and *used is 1 (skip one byte and go on). */
int32_t	utf8_decode(const char *s, size_t n, size_t *used);
/* Appends cp to b as UTF-8; one with no UTF-8 form (negative, a
 * surrogate, past U+10FFFF) as U+FFFD, so b never gets invalid UTF-8. */
void	utf8_add(struct buf *b, int32_t cp);

#endif
