/* Passwords, tokens and roles (auth.h): libsodium's argon2id, random bytes
 * and SHA-256; the role table. */
#include "auth/auth.h"

#include <sodium.h>

static const struct {
	const char *key;
	const char *label;
} roles[ROLE_COUNT] = {
	[ROLE_NONE] = {"none", "なし"},
	[ROLE_REPORTER] = {"reporter", "報告者"},
	[ROLE_RESPONDER] = {"responder", "対応者"},
	[ROLE_MANAGER] = {"manager", "責任者"},
	[ROLE_ADMIN] = {"admin", "管理者"},
};

const char *auth_role_key(enum auth_role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].key : "none";
}

const char *auth_role_label(enum auth_role r)
{
	return (unsigned)r < ROLE_COUNT ? roles[r].label : roles[ROLE_NONE].label;
}

int auth_role_parse(const char *s, enum auth_role *out)
{
	for (int i = ROLE_REPORTER; s && i < ROLE_COUNT; i++) {
		if (strcmp(s, roles[i].key) == 0) {
			*out = (enum auth_role)i;
			return 0;
		}
	}
	return -1;
}

bool auth_role_valid(const char *role)
{
	enum auth_role r;

	return auth_role_parse(role, &r) == 0;
}

void auth_token_hash(const char *token, char out[STORE_HASH_HEX])
{
	unsigned char d[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(d, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, STORE_HASH_HEX, d, sizeof(d));
}

void auth_token_new(char *out, size_t size)
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	if (size <
	    sodium_base64_ENCODED_LEN(sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
		if (size)
			out[0] = '\0';
		return;
	}
	sodium_bin2base64(out, size, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void auth_password_new(char *out, size_t size)
{
	static const char alphabet[] = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
	size_t n = size > 17 ? 16 : size - 1;

	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

/* OWASP's argon2id minimum (19 MiB, 2 passes): a login costs tens of
 * milliseconds, an offline guess as much. */
#define PW_OPS 2
#define PW_MEM ((size_t)19 << 20)

int auth_password_hash(const char *password, char out[STORE_PWHASH_MAX])
{
	char h[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str(h, password, strlen(password), PW_OPS, PW_MEM) != 0)
		return -1;
	snprintf(out, STORE_PWHASH_MAX, "%s", h);
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
