/* Signed, expiring, single-use links (engine/linktoken.h): HMAC-SHA256
 * with libsodium under a key kept as the setting "link_key". */
#include "engine/linktoken.h"
#include "store/auth.h"
#include "store/links.h"
#include "util/strnum.h"

#include <sodium.h>

#define KEY_SETTING "link_key"
#define PAYLOAD_MAX 200
#define B64_PAYLOAD_MAX                                                                            \
	sodium_base64_ENCODED_LEN(PAYLOAD_MAX, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
#define B64_MAC_LEN                                                                                \
	sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES,                                    \
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING)

/* The key into key; 1 when none was made yet. */
static int key_get(struct store *st, unsigned char key[crypto_auth_hmacsha256_KEYBYTES],
		   struct mo_err *e)
{
	char hex[2 * crypto_auth_hmacsha256_KEYBYTES + 1];
	size_t len = 0;
	int rc = store_setting_get(st, KEY_SETTING, hex, sizeof(hex), e);

	if (rc)
		goto done;
	if (sodium_hex2bin(key, crypto_auth_hmacsha256_KEYBYTES, hex, strlen(hex), NULL, &len,
			   NULL) != 0 ||
	    len != crypto_auth_hmacsha256_KEYBYTES) {
		rc = mo_err_set(e, NULL, 0, 0, _("the link key in the database is damaged"));
		goto done;
	}
done:
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

static int key_new(struct store *st, unsigned char key[crypto_auth_hmacsha256_KEYBYTES],
		   struct mo_err *e)
{
	char hex[2 * crypto_auth_hmacsha256_KEYBYTES + 1];
	int rc;

	crypto_auth_hmacsha256_keygen(key);
	sodium_bin2hex(hex, sizeof(hex), key, crypto_auth_hmacsha256_KEYBYTES);
	rc = store_setting_put(st, KEY_SETTING, hex, e);
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

int linktoken_rotate(struct store *st, struct mo_err *e)
{
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	int rc = key_new(st, key, e);

	sodium_memzero(key, sizeof(key));
	return rc;
}

static bool field_ok(const char *s)
{
	return *s && !strchr(s, '|');
}

int linktoken_make(struct store *st, const struct linktoken *t, char *out, size_t size,
		   struct mo_err *e)
{
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char payload[PAYLOAD_MAX + 1];
	char b64p[B64_PAYLOAD_MAX];
	char b64m[B64_MAC_LEN];
	int n, rc = -1;

	if (!field_ok(t->purpose) || !t->recipient[0] || t->incident_id < 0 || t->expires <= 0) {
		mo_err_set(e, NULL, 0, 0, _("a link cannot be made for these values"));
		goto done;
	}
	n = snprintf(payload, sizeof(payload), "v1|%s|%lld|%lld|%s", t->purpose,
		     (long long)t->incident_id, (long long)t->expires, t->recipient);
	if (n < 0 || (size_t)n > PAYLOAD_MAX) {
		mo_err_set(e, NULL, 0, 0, _("a link cannot be made for these values"));
		goto done;
	}
	rc = key_get(st, key, e);
	if (rc == 1)
		rc = key_new(st, key, e);
	if (rc)
		goto done;
	crypto_auth_hmacsha256(mac, (const unsigned char *)payload, (size_t)n, key);
	sodium_bin2base64(b64p, sizeof(b64p), (const unsigned char *)payload, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_bin2base64(b64m, sizeof(b64m), mac, sizeof(mac),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	n = snprintf(out, size, "%s.%s", b64p, b64m);
	if (n < 0 || (size_t)n >= size || (size_t)n >= LINKTOKEN_MAX) {
		rc = mo_err_set(e, NULL, 0, 0, _("a link cannot be made for these values"));
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(key, sizeof(key));
	return rc;
}

static int fault(struct mo_err *e, enum linktoken_fault f)
{
	static const char *const msgs[] = {
		[LINKTOKEN_MALFORMED] = N_("this link is not a valid moshimo link"),
		[LINKTOKEN_ALTERED] = N_("this link was altered or is no longer valid"),
		[LINKTOKEN_EXPIRED] = N_("this link has expired"),
	};

	static const enum mo_code codes[] = {
		[LINKTOKEN_MALFORMED] = MO_ENOTFOUND,
		[LINKTOKEN_ALTERED] = MO_EFORBIDDEN,
		[LINKTOKEN_EXPIRED] = MO_EFORBIDDEN,
	};

	mo_err_setc(e, codes[f], "%s", _(msgs[f]));
	e->detail = (int)f;
	return 1;
}

/* Splits payload "v1|purpose|incident|expires|recipient" into t. */
static int parse_payload(char *p, struct linktoken *t)
{
	char *f[5];
	long inc, exp;
	int i;

	for (i = 0; i < 4; i++) {
		char *bar = strchr(p, '|');

		if (!bar)
			return -1;
		*bar = '\0';
		f[i] = p;
		p = bar + 1;
	}
	f[4] = p;
	if (strcmp(f[0], "v1") != 0 || !*f[1] || strlen(f[1]) >= sizeof(t->purpose) || !*f[4] ||
	    strlen(f[4]) >= sizeof(t->recipient) || str_to_long(f[2], 0, INT64_MAX, &inc) ||
	    str_to_long(f[3], 1, INT64_MAX, &exp))
		return -1;
	snprintf(t->purpose, sizeof(t->purpose), "%s", f[1]);
	snprintf(t->recipient, sizeof(t->recipient), "%s", f[4]);
	t->incident_id = inc;
	t->expires = exp;
	return 0;
}

int linktoken_check(struct store *st, const char *token, int64_t now, struct linktoken *t,
		    struct mo_err *e)
{
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	unsigned char payload[PAYLOAD_MAX + 1];
	size_t plen = 0, mlen = 0, tlen = token ? strlen(token) : 0;
	const char *dot = token ? strchr(token, '.') : NULL;
	const char *end = NULL;
	int rc;

	memset(t, 0, sizeof(*t));
	if (!dot || tlen >= LINKTOKEN_MAX || dot == token)
		return fault(e, LINKTOKEN_MALFORMED);
	if (sodium_base642bin(payload, PAYLOAD_MAX, token, (size_t)(dot - token), NULL, &plen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    end != dot ||
	    sodium_base642bin(mac, sizeof(mac), dot + 1, strlen(dot + 1), NULL, &mlen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    *end || mlen != sizeof(mac))
		return fault(e, LINKTOKEN_MALFORMED);
	payload[plen] = '\0';
	rc = key_get(st, key, e);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return fault(e, LINKTOKEN_ALTERED);
	crypto_auth_hmacsha256(want, payload, plen, key);
	sodium_memzero(key, sizeof(key));
	if (sodium_memcmp(want, mac, sizeof(mac)) != 0)
		return fault(e, LINKTOKEN_ALTERED);
	/* Signed by us, so the payload has our shape; a NUL inside means it was not. */
	if (strlen((char *)payload) != plen || parse_payload((char *)payload, t)) {
		memset(t, 0, sizeof(*t));
		return fault(e, LINKTOKEN_MALFORMED);
	}
	if (now >= t->expires)
		return fault(e, LINKTOKEN_EXPIRED);
	return 0;
}

/* Only the hash of a used token is kept: the table never holds a link. */
static void token_hash(const char *token, char hex[2 * crypto_hash_sha256_BYTES + 1])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, 2 * crypto_hash_sha256_BYTES + 1, d, sizeof(d));
}

int linktoken_use(struct store *st, const char *token, int64_t now, struct mo_err *e)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	token_hash(token, hex);
	return store_link_use(st, hex, now, e);
}

int linktoken_used(struct store *st, const char *token, struct mo_err *e)
{
	char hex[2 * crypto_hash_sha256_BYTES + 1];

	token_hash(token, hex);
	return store_link_used(st, hex, e);
}
