/* The store's part for the web server and the CLI's user and token
 * commands: accounts, sessions, API tokens, the report link, login
 * throttling, who filed which report, and the savepoints the server's
 * writer wraps each job in.
 *
 * Secrets never reach the store: sessions, API tokens and the report link
 * are kept as the hex SHA-256 of the token (web/auth.c makes them) and
 * passwords as argon2id strings. Times are Unix seconds.
 *
 * As in store.h: writes expect an open transaction (store_begin); int
 * functions return 0, or -1 with e set; getters return 1 when the row
 * does not exist. */
#ifndef MO_STORE_AUTH_H
#define MO_STORE_AUTH_H

#include "store/store.h"

#define STORE_NAME_MAX 64     /* user names */
#define STORE_DISPLAY_MAX 128 /* display names, token labels */
#define STORE_HASH_HEX 65     /* hex SHA-256 and its NUL */
#define STORE_PWHASH_MAX 160  /* argon2id encoded strings */
#define STORE_ROLE_MAX 16

struct store_user {
	int64_t id;
	char name[STORE_NAME_MAX];
	char display[STORE_DISPLAY_MAX];
	char role[STORE_ROLE_MAX]; /* reporter, responder, manager, admin */
	char pwhash[STORE_PWHASH_MAX];
	bool disabled;
	bool must_change; /* the password was set by someone else */
	int64_t created_at;
};

struct store_token {
	int64_t id;
	char role[STORE_ROLE_MAX];
	char label[STORE_DISPLAY_MAX];
	char created_by[STORE_NAME_MAX];
	int64_t created_at;
	int64_t revoked_at; /* 0 while valid */
};

/* Users. add returns 1 (and adds nothing) when the name is taken. */
int store_user_add(struct store *st, struct store_user *u, struct mo_err *e) MO_WUR;
int store_user_get(struct store *st, int64_t id, struct store_user *u, struct mo_err *e) MO_WUR;
int store_user_by_name(struct store *st, const char *name, struct store_user *u,
		       struct mo_err *e) MO_WUR;
/* Every user in name order (malloc'd array, the caller frees). */
int store_user_list(struct store *st, struct store_user **v, size_t *n, struct mo_err *e) MO_WUR;
int store_user_count(struct store *st, int64_t *n, struct mo_err *e) MO_WUR;
/* Writes role, display, pwhash, disabled and must_change of u->id; 1 when
 * there is no such user. */
int store_user_update(struct store *st, const struct store_user *u, struct mo_err *e) MO_WUR;

/* Sessions. get returns the session's user when the session exists, has
 * not expired at now and its user is not disabled; 1 otherwise. */
int store_session_add(struct store *st, const char *hash, int64_t user_id, int64_t now,
		      int64_t expires, struct mo_err *e) MO_WUR;
int store_session_get(struct store *st, const char *hash, int64_t now, struct store_user *u,
		      int64_t *expires, struct mo_err *e) MO_WUR;
int store_session_delete(struct store *st, const char *hash, struct mo_err *e) MO_WUR;
/* Ends every session of a user (password or role changed, disabled). */
int store_sessions_delete_user(struct store *st, int64_t user_id, struct mo_err *e) MO_WUR;
/* Forgets sessions that expired before now. */
int store_sessions_purge(struct store *st, int64_t now, struct mo_err *e) MO_WUR;

/* API tokens. find returns 1 for an unknown or revoked hash. */
int store_token_add(struct store *st, const char *hash, struct store_token *t,
		    struct mo_err *e) MO_WUR;
int store_token_find(struct store *st, const char *hash, struct store_token *t,
		     struct mo_err *e) MO_WUR;
int store_token_list(struct store *st, struct store_token **v, size_t *n, struct mo_err *e) MO_WUR;
/* 1 when there is no such token or it was revoked already. */
int store_token_revoke(struct store *st, int64_t id, int64_t now, struct mo_err *e) MO_WUR;

/* Small settings of the server (the report link's hash, the key of the
 * forms' CSRF tokens). get copies the value into out (size bytes). */
int store_setting_get(struct store *st, const char *key, char *out, size_t size,
		      struct mo_err *e) MO_WUR;
int store_setting_put(struct store *st, const char *key, const char *value,
		      struct mo_err *e) MO_WUR;

/* Login throttling: attempts counted per key ("user:NAME", "addr:IP") in
 * a window. Counts one attempt at now, atomically (a count older than
 * window restarts at 1), and writes the count it became into *count. */
int store_login_attempt(struct store *st, const char *key, int64_t now, int64_t window,
			int64_t *count, struct mo_err *e) MO_WUR;
int store_login_failures_clear(struct store *st, const char *key, struct mo_err *e) MO_WUR;
/* Removes the counts whose window has passed (names tried once, long ago). */
int store_login_failures_purge(struct store *st, int64_t now, int64_t window,
			       struct mo_err *e) MO_WUR;

/* Who filed a report: principal is "user:ID", "token:ID" or "link". */
int store_report_owner_add(struct store *st, int64_t incident_id, const char *principal,
			   struct mo_err *e) MO_WUR;
/* 1 when the incident has no recorded filer. */
int store_report_owner_get(struct store *st, int64_t incident_id, char *out, size_t size,
			   struct mo_err *e) MO_WUR;
/* The principal's reports, newest first; with open_only only those not
 * closed. ids is malloc'd (the caller frees). total gets the count of all
 * the principal's reports in the filter. */
int store_report_owner_list(struct store *st, const char *principal, bool open_only, size_t limit,
			    size_t offset, int64_t **ids, size_t *n, int64_t *total,
			    struct mo_err *e) MO_WUR;

#endif
