/*
 * totp — prints the RFC 6238 code (HMAC-SHA-1, 30 s, 6 digits) of a
 * base32 secret, for the operator tests.  Its own SHA-1 (RFC 3174), so it
 * checks the sandbox's gnutls-based code rather than sharing it.
 *
 *	totp SECRET [OFFSET_SECONDS]	code for now + OFFSET (the sandbox's
 *					clock offset, GET /sandbox/clock)
 *	totp --selftest			RFC 6238 appendix B vectors
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sha1 {
	uint32_t	h[5];
	uint64_t	len;
	unsigned char	buf[64];
	size_t		n;
};

#define ROL(x, k)	(((x) << (k)) | ((x) >> (32 - (k))))

static void
sha1_block(struct sha1 *s, const unsigned char *p)
{
	uint32_t	w[80], a, b, c, d, e, f, k, t;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3]; e = s->h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = ROL(a, 5) + f + e + k + w[i];
		e = d; d = c; c = ROL(b, 30); b = a; a = t;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d; s->h[4] += e;
}

static void
sha1_init(struct sha1 *s)
{
	static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
	    0x10325476, 0xc3d2e1f0 };

	memcpy(s->h, h0, sizeof h0);
	s->len = 0;
	s->n = 0;
}

static void
sha1_update(struct sha1 *s, const unsigned char *p, size_t len)
{
	s->len += len;
	while (len-- > 0) {
		s->buf[s->n++] = *p++;
		if (s->n == 64) {
			sha1_block(s, s->buf);
			s->n = 0;
		}
	}
}

static void
sha1_final(struct sha1 *s, unsigned char *out)
{
	uint64_t	bits = s->len * 8;
	unsigned char	pad = 0x80, zero = 0, l[8];
	int		i;

	sha1_update(s, &pad, 1);
	while (s->n != 56)
		sha1_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		l[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, l, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

static void
hmac_sha1(const unsigned char *key, size_t klen, const unsigned char *msg,
    size_t mlen, unsigned char *out)
{
	struct sha1	s;
	unsigned char	k[64], ipad[64], opad[64], inner[20];
	int		i;

	memset(k, 0, sizeof k);
	if (klen > 64) {
		sha1_init(&s);
		sha1_update(&s, key, klen);
		sha1_final(&s, k);
	} else
		memcpy(k, key, klen);
	for (i = 0; i < 64; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	sha1_init(&s);
	sha1_update(&s, ipad, 64);
	sha1_update(&s, msg, mlen);
	sha1_final(&s, inner);
	sha1_init(&s);
	sha1_update(&s, opad, 64);
	sha1_update(&s, inner, 20);
	sha1_final(&s, out);
}

static int
base32(const char *in, unsigned char *out, size_t outlen)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	const char	*p;
	uint32_t	 acc = 0;
	int		 bits = 0, c;
	size_t		 n = 0;

	for (; *in != '\0' && *in != '='; in++) {
		c = (unsigned char)*in;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if ((p = strchr(alpha, c)) == NULL || c == 0)
			return -1;
		acc = acc << 5 | (uint32_t)(p - alpha);
		if ((bits += 5) >= 8) {
			if (n == outlen)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

static unsigned
hotp(const unsigned char *key, size_t klen, uint64_t counter, unsigned mod)
{
	unsigned char	msg[8], d[20];
	int		i, off;

	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)counter;
		counter >>= 8;
	}
	hmac_sha1(key, klen, msg, 8, d);
	off = d[19] & 0x0f;
	return (((unsigned)d[off] & 0x7f) << 24 | (unsigned)d[off + 1] << 16 |
	    (unsigned)d[off + 2] << 8 | d[off + 3]) % mod;
}

static int
selftest(void)
{
	/* RFC 6238 appendix B, SHA-1, 8 digits. */
	static const struct { uint64_t t; unsigned code; } v[] = {
		{ 59, 94287082 }, { 1111111109, 7081804 },
		{ 1111111111, 14050471 }, { 1234567890, 89005924 },
		{ 2000000000, 69279037 }, { 20000000000ULL, 65353130 },
	};
	const unsigned char *key = (const unsigned char *)
	    "12345678901234567890";
	size_t	i;
	int	bad = 0;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		if (hotp(key, 20, v[i].t / 30, 100000000) != v[i].code) {
			printf("vector %zu failed\n", i);
			bad = 1;
		}
	if (!bad)
		printf("ok\n");
	return bad;
}

int
main(int argc, char **argv)
{
	unsigned char	key[64];
	long long	off = 0;
	int		klen;

	if (argc == 2 && strcmp(argv[1], "--selftest") == 0)
		return selftest();
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: totp SECRET [OFFSET_SECONDS]\n");
		return 2;
	}
	if ((klen = base32(argv[1], key, sizeof key)) <= 0) {
		fprintf(stderr, "totp: the secret is not base32\n");
		return 2;
	}
	if (argc == 3)
		off = strtoll(argv[2], NULL, 10);
	printf("%06u\n", hotp(key, (size_t)klen,
	    (uint64_t)((long long)time(NULL) + off) / 30, 1000000));
	return 0;
}
