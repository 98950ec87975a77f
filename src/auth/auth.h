/* Secrets and roles, for the web app and the CLI alike: passwords
 * (argon2id), random tokens and the hash the store keeps of them, and the
 * roles an account or an API token may have. No HTTP here (web/auth.c keeps
 * sessions, cookies and CSRF). */
#ifndef MO_AUTH_H
#define MO_AUTH_H

#include "store/auth.h"
#include "util/common.h"

/* Ordered: a route's role is the least one that may use it. */
enum auth_role {
	ROLE_NONE,
	ROLE_REPORTER,	/* 報告者: reports, sees their own reports */
	ROLE_RESPONDER, /* 対応者: works incidents: record items, steps, notes, evidence */
	ROLE_MANAGER,	/* 責任者: also changes levels, closes and reopens */
	ROLE_ADMIN,	/* 管理者: also users, tokens, the report link */
	ROLE_COUNT
};

/* The role's key as stored ("reporter" …); "none" out of range. */
const char *auth_role_key(enum auth_role r);
/* The role's name people read (報告者 …). */
const char *auth_role_label(enum auth_role r);
/* The role whose key is s (reporter … admin, never none): 0, or -1. */
int auth_role_parse(const char *s, enum auth_role *out) MO_WUR;
/* True for reporter, responder, manager, admin. */
bool auth_role_valid(const char *role);

/* A new random token (base64url, 43 characters) in out (size >= 44; a
 * smaller out gets ""). */
void auth_token_new(char *out, size_t size);
/* The hex SHA-256 of token: what the store keeps of a token, a session or
 * the report link. */
void auth_token_hash(const char *token, char out[STORE_HASH_HEX]);

/* A new random password people can type (no look-alike characters; 16
 * characters when size > 17). */
void auth_password_new(char *out, size_t size);
/* The argon2id hash of password: 0, or -1 when out of memory. */
int auth_password_hash(const char *password, char out[STORE_PWHASH_MAX]) MO_WUR;
/* True when password matches hash (an argon2id encoded string). */
bool auth_password_verify(const char *hash, const char *password);

#endif
