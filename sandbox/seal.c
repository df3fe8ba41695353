/*
 * seal.c — secrets the sandbox must read back (operators' TOTP secrets)
 * are kept sealed in the database: AES-256-GCM under a key that lives in
 * its own 0600 file beside the database (DB.key), never in the database,
 * so a copy of the database alone gives none of them away.  An
 * in-memory database gets a random key that dies with the process.
 *
 * A sealed value reads "s1:" then hex of nonce (12) | ciphertext | tag
 * (16); the associated data (e.g. the operator's login) binds it to its
 * row.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "kabinet/log.h"
#include "kabinet/xmalloc.h"
#include "sandbox.h"

#define SEAL_KEY	32
#define SEAL_NONCE	12
#define SEAL_TAG	16
#define SEAL_PREFIX	"s1:"

static unsigned char	seal_key[SEAL_KEY];
static int		seal_have_key;

static void
seal_random_key(void)
{
	if (gnutls_rnd(GNUTLS_RND_KEY, seal_key, sizeof seal_key) != 0)
		fatalx("gnutls_rnd failed");
	seal_have_key = 1;
}

int
seal_open(const char *db_path)
{
	char	*path;
	ssize_t	 n;
	int	 fd, rc = -1;

	wipe(seal_key, sizeof seal_key);
	seal_have_key = 0;
	if (db_path == NULL || strcmp(db_path, ":memory:") == 0 ||
	    *db_path == '\0') {
		seal_random_key();
		return 0;
	}
	xasprintf(&path, "%s.key", db_path);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) != -1) {
		n = read(fd, seal_key, sizeof seal_key);
		if (n == (ssize_t)sizeof seal_key) {
			seal_have_key = 1;
			rc = 0;
			if (fchmod(fd, 0600) == -1)
				log_warn("chmod \"%s\"", path);
		} else
			log_warnx("\"%s\": not a sealing key", path);
		close(fd);
	} else if (errno == ENOENT) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		seal_random_key();
		if (fd == -1 || write(fd, seal_key, sizeof seal_key) !=
		    (ssize_t)sizeof seal_key || fsync(fd) == -1) {
			log_warn("\"%s\"", path);
			seal_have_key = 0;
		} else
			rc = 0;
		if (fd != -1)
			close(fd);
	} else
		log_warn("\"%s\"", path);
	free(path);
	return rc;
}

static gnutls_aead_cipher_hd_t
seal_cipher(void)
{
	gnutls_aead_cipher_hd_t	 h;
	gnutls_datum_t		 k;

	if (!seal_have_key)
		seal_random_key();
	k.data = seal_key;
	k.size = sizeof seal_key;
	if (gnutls_aead_cipher_init(&h, GNUTLS_CIPHER_AES_256_GCM, &k) != 0)
		fatalx("gnutls_aead_cipher_init failed");
	return h;
}

char *
seal(const char *plain, const char *ad)
{
	gnutls_aead_cipher_hd_t	 h = seal_cipher();
	size_t			 plen = strlen(plain), clen, i;
	unsigned char		*raw;
	char			*out;

	clen = plen + SEAL_TAG;
	raw = xmalloc(SEAL_NONCE + clen);
	if (gnutls_rnd(GNUTLS_RND_NONCE, raw, SEAL_NONCE) != 0 ||
	    gnutls_aead_cipher_encrypt(h, raw, SEAL_NONCE, ad, strlen(ad),
	    SEAL_TAG, plain, plen, raw + SEAL_NONCE, &clen) != 0)
		fatalx("cannot seal a secret");
	gnutls_aead_cipher_deinit(h);
	out = xmalloc(sizeof SEAL_PREFIX + 2 * (SEAL_NONCE + clen));
	memcpy(out, SEAL_PREFIX, sizeof SEAL_PREFIX);
	for (i = 0; i < SEAL_NONCE + clen; i++)
		snprintf(out + strlen(SEAL_PREFIX) + 2 * i, 3, "%02x", raw[i]);
	free(raw);
	return out;
}

int
seal_is_sealed(const char *s)
{
	return s != NULL && strncmp(s, SEAL_PREFIX, strlen(SEAL_PREFIX)) == 0;
}

char *
unseal(const char *sealed, const char *ad)
{
	gnutls_aead_cipher_hd_t	 h;
	const char		*hex;
	size_t			 len, i, plen;
	unsigned char		*raw;
	char			*plain;
	unsigned int		 b;

	if (!seal_is_sealed(sealed))
		return NULL;
	hex = sealed + strlen(SEAL_PREFIX);
	len = strlen(hex) / 2;
	if (strlen(hex) % 2 != 0 || len <= SEAL_NONCE + SEAL_TAG)
		return NULL;
	raw = xmalloc(len);
	for (i = 0; i < len; i++) {
		if (sscanf(hex + 2 * i, "%2x", &b) != 1) {
			free(raw);
			return NULL;
		}
		raw[i] = (unsigned char)b;
	}
	plen = len - SEAL_NONCE;
	plain = xmalloc(plen + 1);
	h = seal_cipher();
	if (gnutls_aead_cipher_decrypt(h, raw, SEAL_NONCE, ad, strlen(ad),
	    SEAL_TAG, raw + SEAL_NONCE, len - SEAL_NONCE, plain, &plen) != 0) {
		gnutls_aead_cipher_deinit(h);
		free(raw);
		free(plain);
		return NULL;
	}
	gnutls_aead_cipher_deinit(h);
	free(raw);
	plain[plen] = '\0';
	return plain;
}

/*
 * A keyed hash (HMAC-SHA256 under the same key, prefixed by purpose) of
 * data that carries a secret: a copy of the database alone cannot test
 * guesses against it, so a PAN whose first 6 and last 4 are in `cards`
 * cannot be found from its request's hash.
 */
void
seal_mac_hex(const char *purpose, const void *data, size_t len, char *out)
{
	gnutls_hmac_hd_t h;
	unsigned char	 d[32];
	int		 i;

	if (!seal_have_key)
		seal_random_key();
	if (gnutls_hmac_init(&h, GNUTLS_MAC_SHA256, seal_key,
	    sizeof seal_key) != 0 ||
	    gnutls_hmac(h, purpose, strlen(purpose) + 1) != 0 ||
	    gnutls_hmac(h, data, len) != 0)
		fatalx("gnutls_hmac failed");
	gnutls_hmac_deinit(h, d);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	wipe(d, sizeof d);
}
