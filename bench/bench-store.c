/* bench-store: the incident store and engine at scale, in one process.
 * Creates N incidents (Japanese titles, ~400-character descriptions) with
 * 20 timeline events each through the engine — create (5 events: report,
 * triage, three intake decisions), 10 notes, 5 step changes — committing
 * in batches (group commit), then measures list and search latency and
 * the database size. Also times durable single creates (one commit, one
 * fsync each).
 *
 * usage: bench-store [-n N] [-b BATCH] [-d DIR] [-m]
 *   defaults 100000, 200, $TMPDIR; -m measures the database a previous run
 *   left in DIR again, without creating anything. */
#include "engine/engine.h"
#include "util/strnum.h"

#include <getopt.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const subjects[] = {
	"ランサムウェア感染", "不審なメールの添付ファイル", "顧客名簿のメール誤送信",
	"ノートPCの紛失", "Webサイトの改ざん", "ファイルサーバーの停止",
	"不正ログインの検知", "USBメモリの紛失", "標的型攻撃の疑い", "基幹システムの障害",
	"クレジットカード情報の流出", "社内ネットワークの不審な通信",
};
static const char *const places[] = {
	"経理部", "営業部", "総務部", "製造部", "本社", "大阪支店", "物流センター", "開発部",
};
static const char *const phrases[] = {
	"担当者が出社したところ、", "画面に身代金を要求するメッセージが表示され、",
	"共有フォルダのファイルが開けなくなった。", "取引先から問い合わせがあり、",
	"送信先を誤って顧客情報を含むファイルを送ってしまった。",
	"ウイルス対策ソフトの警告が表示された。", "深夜に海外からのログイン履歴が見つかった。",
	"バックアップ装置も接続されていたため、", "影響範囲は現在調査中である。",
	"情報システム管理者がネットワークから切り離した。", "電源は切らずに保全している。",
	"対象の端末は三台で、いずれもWindowsである。", "VPN機器のログを確認したところ、",
	"管理者アカウントのパスワードが変更されていた。", "顧客への連絡の要否を検討している。",
};
static const char *const categories[] = {"malware", "leak", "tamper"};

static void make_text(struct buf *b, size_t chars)
{
	buf_reset(b);
	while (b->len < chars * 3)
		if (buf_adds(b, phrases[next() % MO_ARRAY_SIZE(phrases)]))
			break;
}

struct one {
	struct buf title, desc;
	char json[8192];
};

static int create_one(struct engine *en, struct one *o, int64_t *id, struct mo_err *e)
{
	struct inc inc;
	int rc;

	buf_reset(&o->title);
	make_text(&o->desc, 130);
	if (buf_addf(&o->title, "%s（%s）%llu", subjects[next() % MO_ARRAY_SIZE(subjects)],
		     places[next() % MO_ARRAY_SIZE(places)], (unsigned long long)(next() % 100000)))
		return mo_err_set(e, NULL, 0, 0, "out of memory");
	snprintf(o->json, sizeof(o->json),
		 "{\"title\":\"%s\",\"category\":\"%s\",\"description\":\"%s\","
		 "\"reporter\":{\"name\":\"ベンチ太郎\"},\"impact\":{\"%s\":true}}",
		 buf_str(&o->title), categories[next() % 3], buf_str(&o->desc),
		 next() % 2 ? "business" : "employees");
	if (engine_report_parse(en->p, o->json, strlen(o->json), "bench", en->now, &inc, e))
		return -1;
	rc = engine_create(en, &inc, e);
	*id = inc.id;
	inc_release(&inc);
	return rc;
}

/* The 15 more events of one incident: 10 notes and 5 step changes. */
static int events(struct engine *en, int64_t id, struct buf *note, struct mo_err *e)
{
	for (int i = 0; i < 10; i++) {
		make_text(note, 30);
		if (engine_note(en, id, buf_str(note), e))
			return -1;
	}
	if (engine_step(en, id, 1, STEP_DOING, NULL, e) || engine_step(en, id, 1, STEP_DONE, NULL, e) ||
	    engine_step(en, id, 2, STEP_DOING, NULL, e) ||
	    engine_step(en, id, 2, STEP_SKIPPED, "ベンチマーク", e) ||
	    engine_step(en, id, 3, STEP_DONE, NULL, e))
		return -1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%-34s p50 %7.3f ms   p99 %7.3f ms   max %7.3f ms   (%zu runs)\n", what,
	       v[n / 2] * 1e3, v[(n * 99) / 100] * 1e3, v[n - 1] * 1e3, n);
}

static long long file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

int main(int argc, char **argv)
{
	long n = 100000, batch = 200;
	bool measure_only = false;
	const char *dir = getenv("TMPDIR");
	char db[4096], cmd[4200];
	struct mo_findings fd;
	struct mo_err e;
	struct engine en = {0};
	struct policy *p;
	struct store *st;
	struct one o;
	struct buf note;
	double t0, t, *lat;
	int c;

	while ((c = getopt(argc, argv, "n:b:d:m")) != -1) {
		if (c == 'm') {
			measure_only = true;
			continue;
		}
		if (c == 'n' && str_to_long(optarg, 1, 10000000, &n) == 0)
			continue;
		if (c == 'b' && str_to_long(optarg, 1, 100000, &batch) == 0)
			continue;
		if (c == 'd') {
			dir = optarg;
			continue;
		}
		fprintf(stderr, "usage: bench-store [-n N] [-b BATCH] [-d DIR] [-m]\n");
		return 2;
	}
	snprintf(db, sizeof(db), "%s/bench-store.db", dir ? dir : "/tmp");
	if (!measure_only) {
		static const char *const suffixes[] = {"", "-wal", "-shm"};

		for (size_t i = 0; i < MO_ARRAY_SIZE(suffixes); i++) {
			snprintf(cmd, sizeof(cmd), "%s%s", db, suffixes[i]);
			if (unlink(cmd) && errno != ENOENT)
				return 1;
		}
	}
	mo_findings_init(&fd, "(built-in)");
	p = policy_load_default(&fd);
	mo_findings_release(&fd);
	st = p ? store_open(db, STORE_CREATE, &e) : NULL;
	if (!st) {
		fprintf(stderr, "bench: %s\n", p ? e.msg : "no policy");
		return 1;
	}
	en.p = p;
	en.st = st;
	en.who = "bench";
	en.now = time_now();
	buf_init(&o.title, 4096);
	buf_init(&o.desc, 8192);
	buf_init(&note, 4096);
	printf("bench-store: %ld incidents x 20 events, batches of %ld, %s\n", n, batch, db);
	if (measure_only) {
		int64_t have;

		if (store_incident_count(st, STORE_ALL, &have, &e))
			goto fail;
		n = (long)have;
		printf("measuring the %ld incidents already there\n", n);
		goto measure;
	}

	/* Durable creates: one transaction and one fsync each. */
	t0 = now_s();
	for (int i = 0; i < 200; i++) {
		int64_t id;

		if (store_begin(st, &e))
			goto fail;
		store_actor(st, en.who, en.now);
		if (create_one(&en, &o, &id, &e) || store_commit(st, &e))
			goto fail;
	}
	t = now_s() - t0;
	printf("durable creates, 1 per commit:    %8.0f /s  (200 creates in %.2f s)\n", 200 / t, t);

	/* The bulk: group commit of whole incidents. */
	t0 = now_s();
	for (long i = 200; i < n; i += batch) {
		if (store_begin(st, &e))
			goto fail;
		store_actor(st, en.who, en.now);
		for (long k = i; k < n && k < i + batch; k++) {
			int64_t id;

			if (create_one(&en, &o, &id, &e) || events(&en, id, &note, &e))
				goto fail;
		}
		if (store_commit(st, &e))
			goto fail;
		if ((i / batch) % 100 == 0 && i > 200) {
			t = now_s() - t0;
			fprintf(stderr, "\r  %ld incidents, %.0f /s   ", i, (double)(i - 200) / t);
		}
	}
	t = now_s() - t0;
	fprintf(stderr, "\n");
	printf("creates with 20 events, batched:  %8.0f incidents/s, %.0f engine writes/s (%.1f s)\n",
	       (double)(n - 200) / t, (double)(n - 200) * 16 / t, t);
	if (store_begin(st, &e))
		goto fail;
	store_actor(st, en.who, en.now);
	for (long k = 0; k < 200; k++)
		if (events(&en, k + 1, &note, &e))
			goto fail;
	if (store_commit(st, &e))
		goto fail;

measure:
	lat = calloc(2000, sizeof(*lat));
	if (!lat)
		goto fail;
	/* List: the 50 newest open incidents (with step counts and next due). */
	for (int i = 0; i < 2000; i++) {
		struct inc_summary_list l = {0};

		t0 = now_s();
		if (store_incident_list(st, STORE_OPEN, 50, 0, &l, &e))
			goto fail;
		lat[i] = now_s() - t0;
		inc_summary_list_release(&l);
	}
	report("list 50 newest open", lat, 2000);
	for (int i = 0; i < 500; i++) {
		struct inc_summary_list l = {0};

		t0 = now_s();
		if (store_incident_list(st, STORE_ALL, 50, (size_t)(next() % (unsigned long)n), &l, &e))
			goto fail;
		lat[i] = now_s() - t0;
		inc_summary_list_release(&l);
	}
	report("list 50 at a random offset", lat, 500);
	/* Get one incident whole (record, steps, timeline, decisions). */
	for (int i = 0; i < 2000; i++) {
		struct inc_full f;

		t0 = now_s();
		if (engine_load(st, (int64_t)(next() % (unsigned long)n) + 1, &f, &e))
			goto fail;
		lat[i] = now_s() - t0;
		inc_full_release(&f);
	}
	report("get one incident whole", lat, 2000);
	/* Search: words of three or more characters use the trigram index. */
	{
		static const char *const queries[] = {
			"ランサム", "誤送信", "不正ログイン", "ファイルサーバー", "身代金",
			"VPN機器", "大阪支店", "標的型攻撃", "パスワード", "Windows",
			"ノートPC 紛失", "存在しない語句",
		};
		size_t k = 0;

		for (int r = 0; r < 50; r++) {
			for (size_t q = 0; q < MO_ARRAY_SIZE(queries); q++) {
				int64_t *ids;
				size_t m;

				t0 = now_s();
				if (store_search(st, queries[q], 50, &ids, &m, &e))
					goto fail;
				lat[k++] = now_s() - t0;
				free(ids);
			}
		}
		report("search (12 queries, 50 newest)", lat, k);
		k = 0;
		for (int r = 0; r < 100; r++) {
			static const char *const shorts[] = {"感染", "紛失", "経理"};
			int64_t *ids;
			size_t m;

			t0 = now_s();
			if (store_search(st, shorts[r % 3], 50, &ids, &m, &e))
				goto fail;
			lat[k++] = now_s() - t0;
			free(ids);
		}
		report("search 2-character words (scan)", lat, k);
		k = 0;
		for (int r = 0; r < 20; r++) {
			int64_t *ids;
			size_t m;

			t0 = now_s();
			if (store_search(st, "存在しない語", 50, &ids, &m, &e) == 0)
				free(ids);
			if (store_search(st, "存在", 50, &ids, &m, &e))
				goto fail;
			lat[k++] = now_s() - t0;
			free(ids);
		}
		report("search 2-character, no match", lat, k);
	}
	free(lat);
	{
		struct store_audit_report r;

		t0 = now_s();
		if (store_audit_verify(st, &r, &e) < 0)
			goto fail;
		printf("audit verify: %lld rows in %.1f s (%s)\n", (long long)r.rows, now_s() - t0,
		       r.broken_seq ? r.what : "ok");
	}
	store_close(st);
	/* Fold the WAL in before measuring. */
	st = store_open(db, 0, &e);
	store_close(st);
	snprintf(cmd, sizeof(cmd), "%s-wal", db);
	printf("database size: %.1f MB (%lld bytes; WAL %lld bytes)\n", file_size(db) / 1048576.0,
	       file_size(db), file_size(cmd));
	buf_release(&o.title);
	buf_release(&o.desc);
	buf_release(&note);
	policy_free(p);
	return 0;
fail:
	fprintf(stderr, "bench: %s\n", e.msg);
	return 1;
}
