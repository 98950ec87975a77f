/* A data folder's first start, and every start after: the server's CSRF
 * key, the report link and the first user "admin" are created when they are
 * missing (in one writer job), and the new secrets printed once. */
#include "web/webInt.h"
#include "web/reportlink.h"

#include <sodium.h>

int web_firstrun_job(struct engine *en, void *arg, struct mo_err *e)
{
	struct web_firstrun *s = arg;
	char key_hex[65], hash[STORE_HASH_HEX];
	int64_t users;
	int rc;

	rc = store_setting_get(en->st, "csrf_key", key_hex, sizeof(key_hex), e);
	if (rc < 0)
		return -1;
	if (rc > 0 || sodium_hex2bin(s->srv->csrf_key, sizeof(s->srv->csrf_key), key_hex,
				     strlen(key_hex), NULL, NULL, NULL) != 0) {
		randombytes_buf(s->srv->csrf_key, sizeof(s->srv->csrf_key));
		sodium_bin2hex(key_hex, sizeof(key_hex), s->srv->csrf_key,
			       sizeof(s->srv->csrf_key));
		if (store_setting_put(en->st, "csrf_key", key_hex, e))
			return -1;
	}
	sodium_memzero(key_hex, sizeof(key_hex));
	rc = store_setting_get(en->st, "report_link", hash, sizeof(hash), e);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		auth_token_new(s->link_token, sizeof(s->link_token));
		auth_token_hash(s->link_token, hash);
		if (store_setting_put(en->st, "report_link", hash, e) ||
		    store_setting_put(en->st, REPORT_LINK_TOKEN_SETTING, s->link_token, e))
			return -1;
	}
	snprintf(s->srv->link_hash, sizeof(s->srv->link_hash), "%s", hash);
	if (store_user_count(en->st, &users, e))
		return -1;
	if (users == 0) {
		struct store_user u;

		memset(&u, 0, sizeof(u));
		snprintf(u.name, sizeof(u.name), "admin");
		snprintf(u.display, sizeof(u.display), "管理者");
		snprintf(u.role, sizeof(u.role), "admin");
		u.must_change = true;
		u.created_at = en->now;
		auth_password_new(s->admin_password, sizeof(s->admin_password));
		if (auth_password_hash(s->admin_password, u.pwhash))
			return mo_err_oom(e, NULL);
		if (store_user_add(en->st, &u, e) < 0)
			return -1;
	}
	return store_sessions_purge(en->st, en->now, e);
}

void web_firstrun_print(struct web_server *srv, const struct web_firstrun *s, const char *base)
{
	FILE *out = srv->cfg->out ? srv->cfg->out : stdout;

	if (s->admin_password[0])
		fprintf(out,
			"初回起動: 管理者ユーザー「admin」を作成しました / first start: created the user \"admin\"\n"
			"  パスワード（この一度だけ表示します） / password (shown this once): %s\n",
			s->admin_password);
	if (s->link_token[0]) {
		char path[128];

		auth_link_path(s->link_token, path, sizeof(path));
		fprintf(out,
			"  報告リンク（従業員に配布。管理画面で変更できます） / report link for employees: %s%s\n",
			base, path + 1);
	}
}
