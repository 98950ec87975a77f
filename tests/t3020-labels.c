/* The label tables (engine/labels.c): every value of every enum a person
 * reads has a Japanese and an English word, every timeline kind the code
 * writes (found by reading src/) has a row, and a change on the timeline
 * is said in those words ("手順1：未着手 → 完了"), the same in the
 * Markdown export (the web page and the PDF: tests/web/t6310_labels.py). */
#include "enginefix.h"
#include "render/incident_doc.h"

#include <dirent.h>

static bool japanese(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

static void every_row_has_both_words(void **state)
{
	(void)state;
	assert_true(label_tables_count >= 7);
	for (size_t t = 0; t < label_tables_count; t++) {
		const struct label_table *tb = label_tables[t];

		assert_true(tb->n > 0);
		for (size_t i = 0; i < tb->n; i++) {
			const struct label *l = &tb->v[i];

			if (!l->ja || !japanese(l->ja) || !l->en || !*l->en || japanese(l->en)) {
				fail_msg("%s row %zu (%s): the Japanese or English word is missing",
					 tb->name, i, l->key ? l->key : "?");
			}
		}
	}
}

/* Each value of an enum has its row, in both languages. */
static void every_value_has_a_row(void **state)
{
	(void)state;
	for (int s = 0; s < INC_STATUS_COUNT; s++) {
		assert_non_null(label_of(&label_status, s, LABEL_JA));
		assert_non_null(label_of(&label_status, s, LABEL_EN));
		/* and the key is the store's */
		assert_string_equal(label_status.v[s].key, inc_status_key((enum inc_status)s));
	}
	for (int s = 0; s < STEP_STATE_COUNT; s++) {
		assert_non_null(label_of(&label_step, s, LABEL_JA));
		assert_non_null(label_of(&label_step, s, LABEL_EN));
		assert_string_equal(label_step.v[s].key, step_state_key((enum step_state)s));
	}
	for (int s = EVIDENCE_OK; s <= EVIDENCE_STRAY; s++)
		assert_non_null(label_of(&label_evidence, s, LABEL_JA));
	for (size_t i = 0; i < ENGINE_IMPACTS; i++) {
		assert_non_null(label_of(&label_impact, (int)engine_impacts[i].bit, LABEL_JA));
		assert_string_equal(label_of_key(&label_impact, engine_impacts[i].key, LABEL_EN),
				    label_of(&label_impact, (int)engine_impacts[i].bit, LABEL_EN));
	}
	for (int lv = 0; lv <= MO_LEVEL_MAX; lv++)
		assert_non_null(label_of(&label_level, lv, LABEL_JA));
	/* Out of range is "?", never NULL or a crash. */
	assert_string_equal(engine_status_word((enum inc_status)99, LABEL_JA), "?");
	assert_string_equal(engine_step_word((enum step_state) - 1, LABEL_EN), "?");
	/* The documents' words, fixed: the PDF and the web print these. */
	assert_string_equal(engine_status_ja(INC_CLOSED), "クローズ");
	assert_string_equal(engine_step_word(STEP_SKIPPED, LABEL_JA), "省略");
	assert_string_equal(engine_event_kind_word("status", LABEL_JA), "状態変更");
}

/* The kinds written in src/: the third argument of engine_event(en, id,
 * "kind", …) and `.kind = "kind"`; each must have its row. */
static size_t check_kinds_in(const char *path)
{
	static const char *const marks[] = {"engine_event(en, ", ".kind = \""};
	FILE *fp = fopen(path, "r");
	char line[1024];
	size_t found = 0;

	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp)) {
		for (size_t m = 0; m < MO_ARRAY_SIZE(marks); m++) {
			const char *p = strstr(line, marks[m]);
			char kind[64];
			size_t n = 0;

			if (!p)
				continue;
			p += strlen(marks[m]);
			if (m == 0) { /* skip the id argument */
				p = strchr(p, ',');
				if (!p || p[1] != ' ' || p[2] != '"')
					continue;
				p += 3;
			}
			while (p[n] && p[n] != '"' && n < sizeof(kind) - 1) {
				kind[n] = p[n];
				n++;
			}
			kind[n] = '\0';
			if (!label_of_key(&label_event_kind, kind, LABEL_JA))
				fail_msg("%s: event kind \"%s\" has no label (engine/labels.c)",
					 path, kind);
			found++;
		}
	}
	fclose(fp);
	return found;
}

static void every_kind_written_has_a_row(void **state)
{
	static const char *const dirs[] = {"src/engine", "src/notify", "src/store", "src/web",
					   "src/cli"};
	const char *top = getenv("MOSHIMO_SRCDIR");
	size_t found = 0;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(dirs); i++) {
		char dir[4096];
		DIR *d;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/%s", top ? top : ".", dirs[i]);
		d = opendir(dir);
		assert_non_null(d);
		while ((de = readdir(d))) {
			size_t n = strlen(de->d_name);
			char path[8192];

			if (n < 3 || strcmp(de->d_name + n - 2, ".c") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			found += check_kinds_in(path);
		}
		closedir(d);
	}
	/* created, triage, level, owner, status, step, … : the scan found them. */
	assert_true(found >= 20);
}

static struct fix fx;

static int setup(void **state)
{
	(void)state;
	fix_open(&fx, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fix_close(&fx);
	return 0;
}

struct step_arg {
	int64_t id;
	int n;
	enum step_state st;
	const char *note;
};

static int step_fn(struct engine *en, void *arg, struct mo_err *e)
{
	struct step_arg *a = arg;

	return engine_step(en, a->id, a->n, a->st, a->note, e);
}

static int status_fn(struct engine *en, void *arg, struct mo_err *e)
{
	return engine_set_status(en, *(int64_t *)arg, INC_RECOVERY, "封じ込め完了", e);
}

/* The change of each event of the timeline, one per line. */
static void changes(const struct inc_full *f, enum label_lang lang, struct buf *out)
{
	for (size_t i = 0; i < f->events.n; i++) {
		assert_int_equal(engine_event_change(fx.p, &f->events.v[i], lang, out), 0);
		assert_int_equal(buf_adds(out, "\n"), 0);
	}
}

static void timeline_in_words(void **state)
{
	struct mo_err e;
	struct inc_full f;
	struct buf b, md;
	struct step_arg done, skip;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"暗号化USBメモリの紛失\",\"sign\":\"device_lost\","
			     "\"impact\":{\"personal_data\":true},\"facts\":{\"encrypted\":true}}");
	done = (struct step_arg){id, 1, STEP_DONE, NULL};
	skip = (struct step_arg){id, 2, STEP_SKIPPED, "該当しない"};
	assert_int_equal(engine_tx(&fx.en, step_fn, &done, &e), 0);
	assert_int_equal(engine_tx(&fx.en, step_fn, &skip, &e), 0);
	if (engine_tx(&fx.en, status_fn, &id, &e))
		fail_msg("status: %s", e.msg);
	fix_load(&fx, id, &f);

	buf_init(&b, BUF_MAX_DEFAULT);
	changes(&f, LABEL_JA, &b);
	assert_non_null(strstr(buf_str(&b), "手順1：未着手 → 完了"));
	assert_non_null(strstr(buf_str(&b), "手順2：未着手 → 省略"));
	assert_non_null(strstr(buf_str(&b), "→ 復旧\n"));
	assert_non_null(strstr(buf_str(&b), "状況：報告\n")); /* the report's first status */
	assert_non_null(strstr(buf_str(&b), "事故レベル：— → レベル2"));
	/* No store key is left for a person to decode. */
	assert_null(strstr(buf_str(&b), "todo"));
	assert_null(strstr(buf_str(&b), "skipped"));
	assert_null(strstr(buf_str(&b), "recovery"));
	assert_null(strstr(buf_str(&b), "intake/"));
	buf_reset(&b);
	changes(&f, LABEL_EN, &b);
	assert_non_null(strstr(buf_str(&b), "step 1: to do → done"));
	assert_non_null(strstr(buf_str(&b), "step 2: to do → skipped"));

	/* The Markdown says the same words. */
	buf_init(&md, BUF_MAX_DEFAULT);
	assert_int_equal(incident_write(fx.p, &f, fx.en.now, "md", &md, &e), 0);
	assert_non_null(strstr(buf_str(&md), "手順1：未着手 → 完了"));
	assert_non_null(strstr(buf_str(&md), "手順2：未着手 → 省略"));
	assert_non_null(strstr(buf_str(&md), "| 状態変更 |"));
	assert_non_null(strstr(buf_str(&md), "| **省略** |")); /* a closed step */
	assert_null(strstr(buf_str(&md), "step 1:"));
	buf_release(&md);
	buf_release(&b);
	inc_full_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_has_both_words),
		cmocka_unit_test(every_value_has_a_row),
		cmocka_unit_test(every_kind_written_has_a_row),
		cmocka_unit_test_setup_teardown(timeline_in_words, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
