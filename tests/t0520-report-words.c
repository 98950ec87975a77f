/* The report document says every value in the label table's words: an
 * incident with a step in every state, a status change through every
 * status and an event of every kind the table knows, written as md and html
 * (the same doc tree; the PDF: t4410), has each Japanese word of the table
 * and no store key (todo, skipped, reported …) where a person reads the
 * value; the view (engine/view.h) that `moshimo show` prints gives the same
 * words in either language. An unknown format is refused with MO_EINVAL. */
#include "enginefix.h"
#include "engine/view.h"
#include "render/doc_format.h"
#include "render/incident_doc.h"

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

/* Every status, step state and event kind on one incident: the steps take
 * the states in turn, the timeline walks the statuses and has one event of
 * each kind (held in ev, which the caller frees). */
static void every_value(struct inc_full *f, struct event **ev, size_t *n)
{
	size_t k = 0, cap = label_event_kind.n + INC_STATUS_COUNT + STEP_STATE_COUNT;
	struct event *v = calloc(cap, sizeof(*v));

	assert_non_null(v);
	assert_true(f->steps.n >= STEP_STATE_COUNT);
	for (size_t i = 0; i < f->steps.n; i++)
		f->steps.v[i].state = (enum step_state)(i % STEP_STATE_COUNT);
	for (size_t i = 0; i < label_event_kind.n; i++)
		v[k++] = (struct event){.at = FIX_T0,
					.who = "記録者",
					.kind = label_event_kind.v[i].key,
					.text = "本文"};
	for (int s = 1; s < INC_STATUS_COUNT; s++)
		v[k++] = (struct event){.at = FIX_T0,
					.who = "記録者",
					.kind = "status",
					.field = "status",
					.before = inc_status_key((enum inc_status)(s - 1)),
					.after = inc_status_key((enum inc_status)s)};
	for (int s = 1; s < STEP_STATE_COUNT; s++)
		v[k++] = (struct event){.at = FIX_T0,
					.who = "記録者",
					.kind = "step",
					.field = "step 1",
					.before = step_state_key(STEP_TODO),
					.after = step_state_key((enum step_state)s)};
	*ev = v;
	*n = k;
}

static void has(const char *text, const char *word, const char *where)
{
	if (!strstr(text, word))
		fail_msg("%s: 「%s」 missing", where, word);
}

static void hasnt(const char *text, const char *word, const char *where)
{
	if (strstr(text, word))
		fail_msg("%s: raw 「%s」 shown", where, word);
}

/* What each format must say, and never say, where a person reads a value:
 * pre/post wrap a table cell of the format. */
static void check_words(const char *text, const char *where, const char *pre, const char *post)
{
	char cell[256];

	for (size_t i = 0; i < label_step.n; i++) {
		has(text, label_step.v[i].ja, where);
		snprintf(cell, sizeof(cell), "→ %s", label_step.v[i].ja);
		if (i)
			has(text, cell, where);
		snprintf(cell, sizeof(cell), "%s%s%s", pre, label_step.v[i].key, post);
		hasnt(text, cell, where);
		snprintf(cell, sizeof(cell), "→ %s", label_step.v[i].key);
		hasnt(text, cell, where);
	}
	for (size_t i = 0; i < label_status.n; i++) {
		snprintf(cell, sizeof(cell), "→ %s", label_status.v[i].ja);
		if (i)
			has(text, cell, where);
		snprintf(cell, sizeof(cell), "→ %s", label_status.v[i].key);
		hasnt(text, cell, where);
	}
	for (size_t i = 0; i < label_event_kind.n; i++) {
		snprintf(cell, sizeof(cell), "%s%s%s", pre, label_event_kind.v[i].ja, post);
		has(text, cell, where);
		/* "status" and "triage" are also words of the English label; the
		 * key alone in a kind's cell is what must not show. */
		snprintf(cell, sizeof(cell), "%s%s%s", pre, label_event_kind.v[i].key, post);
		hasnt(text, cell, where);
	}
}

static void report_in_label_words(void **state)
{
	struct inc_full f;
	struct event *ev, *saved;
	size_t n, saved_n;
	struct buf md, html;
	struct mo_err e;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"ランサムウェア感染\",\"category\":\"malware\","
			     "\"impact\":{\"business\":true}}");
	fix_load(&fx, id, &f);
	every_value(&f, &ev, &n);
	saved = f.events.v;
	saved_n = f.events.n;
	f.events.v = ev;
	f.events.n = n;

	buf_init(&md, BUF_MAX_DEFAULT);
	buf_init(&html, BUF_MAX_DEFAULT);
	mo_err_clear(&e);
	assert_int_equal(incident_write(fx.p, &f, FIX_T0, "md", &md, &e), 0);
	assert_int_equal(incident_write(fx.p, &f, FIX_T0, "html", &html, &e), 0);
	check_words(buf_str(&md), "md", "| ", " |");
	check_words(buf_str(&html), "html", "<td>", "</td>");
	/* html is a whole page of its own and escapes what people wrote. */
	has(buf_str(&html), "<!DOCTYPE html>", "html");
	has(buf_str(&html), "<title>インシデント報告書 INC-", "html");
	hasnt(buf_str(&html), "<script", "html");

	/* An unknown format: refused as invalid input, nothing written. */
	buf_reset(&md);
	assert_int_equal(incident_write(fx.p, &f, FIX_T0, "docx", &md, &e), -1);
	assert_int_equal(e.code, MO_EINVAL);
	assert_int_equal(md.len, 0);
	assert_null(doc_format_find("docx"));
	assert_string_equal(doc_format_names(), "md, html, pdf");

	f.events.v = saved;
	f.events.n = saved_n;
	free(ev);
	buf_release(&md);
	buf_release(&html);
	inc_full_release(&f);
}

/* The view show prints: each value in the table's word of the language
 * asked, the same word the table gives. */
static void view_in_label_words(void **state)
{
	static const enum label_lang langs[] = {LABEL_JA, LABEL_EN};
	struct inc_full f;
	struct event *ev, *saved;
	size_t n, saved_n;
	struct mo_err e;
	int64_t id;

	(void)state;
	id = fix_report(&fx, "{\"title\":\"ランサムウェア感染\",\"category\":\"malware\"}");
	fix_load(&fx, id, &f);
	every_value(&f, &ev, &n);
	saved = f.events.v;
	saved_n = f.events.n;
	f.events.v = ev;
	f.events.n = n;
	for (size_t l = 0; l < MO_ARRAY_SIZE(langs); l++) {
		struct inc_view v;

		assert_int_equal(engine_view_init(&v, fx.p, &f, FIX_T0, langs[l], NULL, &e), 0);
		assert_string_equal(v.status, label_of(&label_status, f.inc.status, langs[l]));
		for (size_t i = 0; i < v.n_steps; i++)
			assert_string_equal(v.steps[i].state,
					    label_of(&label_step, v.steps[i].s->state, langs[l]));
		for (size_t i = 0; i < v.n_events; i++)
			assert_string_equal(v.events[i].kind,
					    label_of_key(&label_event_kind, v.events[i].ev->kind,
							 langs[l]));
		/* The status walk, in words. */
		for (size_t i = label_event_kind.n; i < label_event_kind.n + INC_STATUS_COUNT - 1;
		     i++) {
			assert_non_null(v.events[i].change);
			assert_non_null(
				strstr(v.events[i].change,
				       label_of(&label_status, (int)(i - label_event_kind.n + 1),
						langs[l])));
		}
		engine_view_release(&v);
	}
	f.events.v = saved;
	f.events.n = saved_n;
	free(ev);
	inc_full_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(report_in_label_words, setup, teardown),
		cmocka_unit_test_setup_teardown(view_in_label_words, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
