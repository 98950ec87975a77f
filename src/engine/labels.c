/* The label tables (labels.h): one per enum, {value, key, Japanese,
 * English}. The Japanese words are those of the report documents (the
 * manual's vocabulary); the web, the CLI and the exports print them. */
#include "engine/labels.h"
#include "engine/checks.h"
#include "util/i18n.h"

#define TABLE(var, name, rows) const struct label_table var = {name, rows, MO_ARRAY_SIZE(rows)}

static const struct label status_rows[] = {
	{INC_REPORTED, "reported", "報告", "reported"},
	{INC_TRIAGE, "triage", "トリアージ", "triage"},
	{INC_INITIAL, "initial", "初動対応", "initial response"},
	{INC_RECOVERY, "recovery", "復旧", "recovery"},
	{INC_MONITORING, "monitoring", "監視", "monitoring"},
	{INC_CLOSED, "closed", "クローズ", "closed"},
};
TABLE(label_status, "status", status_rows);

static const struct label step_rows[] = {
	{STEP_TODO, "todo", "未着手", "to do"},
	{STEP_DOING, "doing", "対応中", "in progress"},
	{STEP_DONE, "done", "完了", "done"},
	{STEP_SKIPPED, "skipped", "省略", "skipped"},
};
TABLE(label_step, "step", step_rows);

/* Every kind engine_event (engine/) and the dispatcher (notify/) write;
 * in English the key itself, as the CLI has always shown it. */
static const struct label kind_rows[] = {
	{-1, "created", "報告", "created"},
	{-1, "triage", "トリアージ", "triage"},
	{-1, "level", "事故レベル変更", "level"},
	{-1, "category", "分類の訂正", "category"},
	{-1, "owner", "責任者変更", "owner"},
	{-1, "status", "状態変更", "status"},
	{-1, "step", "手順", "step"},
	{-1, "plan", "手順の再計画", "plan"},
	{-1, "note", "メモ", "note"},
	{-1, "field", "記録の更新", "field"},
	{-1, "decision", "判断", "decision"},
	{-1, "evidence", "証拠保全", "evidence"},
	{-1, "custody", "証拠の検証", "custody"},
	{-1, "close", "クローズ", "close"},
	{-1, "reopen", "再開", "reopen"},
	{-1, "notify", "通知", "notify"},
	{-1, "escalation", "エスカレーション", "escalation"},
	{-1, "ack", "対応の確認", "ack"},
	{-1, "reminder", "リマインダー", "reminder"},
	{-1, "filing", "届出・通知", "filing"},
	{-1, "drill", "訓練", "drill"},
	{-1, "inject", "状況付与（訓練）", "drill inject"},
	{-1, "bcp", "事業継続", "business continuity"},
};
TABLE(label_event_kind, "event kind", kind_rows);

static const struct label impact_rows[] = {
	{IMPACT_CUSTOMERS, "customers", "顧客、取引先、株主等に影響",
	 "affects customers, partners or shareholders"},
	{IMPACT_PERSONAL_DATA, "personal_data", "個人情報が漏えい", "personal data leaked"},
	{IMPACT_BUSINESS, "business", "事業に影響", "affects the business"},
	{IMPACT_EMPLOYEES, "employees", "従業員の業務遂行に影響", "affects employees' work"},
};
TABLE(label_impact, "impact", impact_rows);

/* The fields a change event names that are not the record's items
 * (those have their labels in model.c inc_fields). */
static const struct label field_rows[] = {
	{-1, "level", "事故レベル", "level"}, {-1, "owner", "責任者", "owner"},
	{-1, "status", "状況", "status"},     {-1, "category", "分類", "category"},
	{-1, "steps", "手順", "steps"},	      {-1, "step", "手順", "step"},
	{-1, "evidence", "証拠", "evidence"}, {-1, "decision", "判断", "decision"},
};
TABLE(label_change_field, "change field", field_rows);

static const struct label evidence_rows[] = {
	{EVIDENCE_OK, "ok", "一致", "ok"},
	{EVIDENCE_CHANGED, "changed", "変更あり", "CHANGED"},
	{EVIDENCE_MISSING, "missing", "ファイルなし", "MISSING"},
	{EVIDENCE_STRAY, "stray", "記録にない", "STRAY"},
};
TABLE(label_evidence, "evidence", evidence_rows);

static const struct label level_rows[] = {
	{0, "0", "レベル0", "Level 0"}, {1, "1", "レベル1", "Level 1"},
	{2, "2", "レベル2", "Level 2"}, {3, "3", "レベル3", "Level 3"},
	{4, "4", "レベル4", "Level 4"}, {5, "5", "レベル5", "Level 5"},
	{6, "6", "レベル6", "Level 6"}, {7, "7", "レベル7", "Level 7"},
	{8, "8", "レベル8", "Level 8"}, {9, "9", "レベル9", "Level 9"},
};
TABLE(label_level, "level", level_rows);
_Static_assert(MO_ARRAY_SIZE(level_rows) == MO_LEVEL_MAX + 1, "a row per level");

static const struct label filing_state_rows[] = {
	{FILING_DUE, "due", "未提出", "due"},
	{FILING_DONE, "done", "提出済み", "done"},
	{FILING_WAIVED, "waived", "不要と判断", "waived"},
	{FILING_SUBSTITUTED, "substituted", "代替措置（公表・問合せ窓口）",
	 "substitute measures (published, inquiry desk)"},
};
TABLE(label_filing_state, "filing state", filing_state_rows);

static const struct label filing_need_rows[] = {
	{ADVICE_CONSIDER, "consider", "検討", "consider"},
	{ADVICE_RECOMMEND, "recommend", "推奨", "recommended"},
	{2, "required", "必要（法定）", "required by law"},
};
TABLE(label_filing_need, "filing need", filing_need_rows);

/* A system's state on the business continuity board (004 §5). */
static const struct label bcp_state_rows[] = {
	{BCP_UNKNOWN, "unknown", "未確認", "not reported"},
	{BCP_STOPPED, "stopped", "停止", "stopped"},
	{BCP_DEGRADED, "degraded", "縮退", "degraded"},
	{BCP_RESTORED, "restored", "復旧", "restored"},
};
TABLE(label_bcp_state, "bcp state", bcp_state_rows);

static const struct label bcp_rto_rows[] = {
	{0, "within", "目標時間内", "within the RTO"},
	{1, "over", "目標時間超過", "over the RTO"},
};
TABLE(label_bcp_rto, "bcp rto", bcp_rto_rows);

/* A yes/no fact (MO_TRI_*: 外部からの通報, 不正の目的 …). */
static const struct label yes_no_rows[] = {
	{0, "false", "いいえ", "no"},
	{1, "true", "はい", "yes"},
};
TABLE(label_yes_no, "yes/no", yes_no_rows);

/* A drill report's verdict on one step (engine/drills.c), by key. */
static const struct label drill_result_rows[] = {
	{-1, "pass", "合格", "pass"},
	{-1, "late", "期限超過", "late"},
	{-1, "missed", "未実施", "missed"},
	{-1, "skipped", "省略", "skipped"},
	{-1, "pending", "期限前", "not yet due"},
};
TABLE(label_drill_result, "drill result", drill_result_rows);

/* A peacetime check's kind (policy checks[].kind) and its state
 * (engine/checks.h). */
static const struct label check_kind_rows[] = {
	{CHECK_PREVENT, "prevent", "予防", "prevention"},
	{CHECK_DETECT, "detect", "検知", "detection"},
	{CHECK_MANUAL, "manual", "体制", "readiness"},
};
TABLE(label_check_kind, "check kind", check_kind_rows);

static const struct label check_state_rows[] = {
	{CHECK_NEVER, "never", "未実施", "never done"},
	{CHECK_OK, "ok", "期限内", "up to date"},
	{CHECK_OVERDUE, "overdue", "期限切れ", "overdue"},
};
TABLE(label_check_state, "check state", check_state_rows);

const struct label_table *const label_tables[] = {
	&label_status,	     &label_step,	 &label_event_kind, &label_impact,
	&label_change_field, &label_evidence,	 &label_level,	    &label_yes_no,
	&label_filing_state, &label_filing_need, &label_check_kind, &label_check_state,
	&label_drill_result, &label_bcp_state,	 &label_bcp_rto,
};
const size_t label_tables_count = MO_ARRAY_SIZE(label_tables);

static bool has(const char *s)
{
	return s && *s;
}

static const char *word(const struct label *l, enum label_lang lang)
{
	return lang == LABEL_EN ? l->en : l->ja;
}

const char *label_of(const struct label_table *t, int value, enum label_lang lang)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].value == value && t->v[i].value != -1)
			return word(&t->v[i], lang);
	return NULL;
}

const char *label_of_key(const struct label_table *t, const char *key, enum label_lang lang)
{
	for (size_t i = 0; key && i < t->n; i++)
		if (t->v[i].key && strcmp(t->v[i].key, key) == 0)
			return word(&t->v[i], lang);
	return NULL;
}

enum label_lang label_lang_ui(void)
{
	return i18n_is_japanese() ? LABEL_JA : LABEL_EN;
}

const char *engine_status_word(enum inc_status s, enum label_lang lang)
{
	const char *w = label_of(&label_status, (int)s, lang);

	return w ? w : "?";
}

const char *engine_step_word(enum step_state s, enum label_lang lang)
{
	const char *w = label_of(&label_step, (int)s, lang);

	return w ? w : "?";
}

const char *engine_event_kind_word(const char *kind, enum label_lang lang)
{
	const char *w = label_of_key(&label_event_kind, kind, lang);

	return w ? w : kind ? kind : "";
}

const char *engine_evidence_word(enum evidence_state s, enum label_lang lang)
{
	const char *w = label_of(&label_evidence, (int)s, lang);

	return w ? w : "?";
}

const char *engine_level_word(int level, enum label_lang lang)
{
	const char *w = label_of(&label_level, level, lang);

	return w ? w : "?";
}

const char *engine_status_ja(enum inc_status s)
{
	return engine_status_word(s, LABEL_JA);
}

/* ---- what an event changed ---- */

/* A level as recorded ("2") in words: "レベル2（予兆）". */
static int add_level(const struct policy *p, const char *v, enum label_lang lang, struct buf *out)
{
	const char *w = label_of_key(&label_level, v, lang);
	const struct mo_level *lv;

	if (!w)
		return buf_adds(out, v);
	if (buf_adds(out, w))
		return -1;
	lv = p ? policy_level(p, (int)(*v - '0')) : NULL;
	if (lv && has(lv->name))
		return buf_addf(out, lang == LABEL_JA ? "（%s）" : " (%s)", lv->name);
	return 0;
}

/* One side of a change: a status, step state or level key in words, the
 * rest as recorded, "—" for none. */
static int add_value(const struct policy *p, const char *field, const char *v, enum label_lang lang,
		     struct buf *out)
{
	enum step_state st;
	enum inc_status is;

	if (!has(v))
		return buf_adds(out, "—");
	if (field && strncmp(field, "step ", 5) == 0 && step_state_parse(v, &st) == 0)
		return buf_adds(out, engine_step_word(st, lang));
	if (field && strcmp(field, "status") == 0 && inc_status_parse(v, &is) == 0)
		return buf_adds(out, engine_status_word(is, lang));
	if (field && strcmp(field, "level") == 0)
		return add_level(p, v, lang, out);
	if (field && strcmp(field, "category") == 0 && p)
		return buf_adds(out, engine_category_name(p, v));
	return buf_adds(out, v);
}

static const struct mo_decision_phase *phase_find(const struct policy *p, const char *id,
						  size_t len)
{
	for (size_t i = 0; p && id && i < p->n_decisions; i++)
		if (strlen(p->decisions[i].id) == len && strncmp(p->decisions[i].id, id, len) == 0)
			return &p->decisions[i];
	return NULL;
}

const char *engine_decision_phase_word(const struct policy *p, const char *phase)
{
	const struct mo_decision_phase *ph = phase ? phase_find(p, phase, strlen(phase)) : NULL;

	return ph && has(ph->title) ? ph->title : phase ? phase : "";
}

const char *engine_decision_point_word(const struct policy *p, const char *phase, const char *point)
{
	const struct mo_decision_phase *ph = phase ? phase_find(p, phase, strlen(phase)) : NULL;

	for (size_t j = 0; ph && point && j < ph->n_points; j++)
		if (strcmp(ph->points[j].id, point) == 0 && has(ph->points[j].question))
			return ph->points[j].question;
	return point ? point : "";
}

/* "intake/priority": the phase's title and the point's question. */
static int add_decision(const struct policy *p, const char *field, enum label_lang lang,
			struct buf *out)
{
	const char *slash = strchr(field, '/');
	const struct mo_decision_phase *ph =
		slash ? phase_find(p, field, (size_t)(slash - field)) : NULL;

	if (!ph)
		return buf_adds(out, field);
	return buf_addf(out, "%s%s%s", has(ph->title) ? ph->title : ph->id,
			lang == LABEL_JA ? "：" : ": ",
			engine_decision_point_word(p, ph->id, slash + 1));
}

int engine_event_change(const struct policy *p, const struct event *ev, enum label_lang lang,
			struct buf *out)
{
	const char *field = ev->field;
	const char *sep = lang == LABEL_JA ? "：" : ": ";
	const struct inc_field *fd;
	const char *name;
	int rc = 0;

	if (!has(field)) {
		/* A report's first status ("created" records only its after). */
		enum inc_status is;

		if (has(ev->after) && inc_status_parse(ev->after, &is) == 0)
			return buf_addf(out, "%s%s%s",
					label_of_key(&label_change_field, "status", lang), sep,
					engine_status_word(is, lang));
		return 0;
	}
	if (strcmp(ev->kind ? ev->kind : "", "decision") == 0)
		return add_decision(p, field, lang, out);
	if (!has(ev->before) && !has(ev->after))
		return 0;
	if (strncmp(field, "step ", 5) == 0) {
		rc |= buf_addf(out, lang == LABEL_JA ? "手順%s%s" : "step %s%s", field + 5, sep);
	} else if (strncmp(field, "evidence ", 9) == 0) {
		/* The after is the file's SHA-256; the text says the rest. */
		return buf_addf(out,
				lang == LABEL_JA ? "証拠%s%sSHA-256 %s" : "evidence %s%sSHA-256 %s",
				field + 9, sep, has(ev->after) ? ev->after : "—");
	} else {
		name = label_of_key(&label_change_field, field, lang);
		fd = name ? NULL : inc_field_find(field);
		if (!name)
			name = fd ? (lang == LABEL_JA ? fd->label : fd->key) : field;
		rc |= buf_addf(out, "%s%s", name, sep);
	}
	rc |= add_value(p, field, ev->before, lang, out);
	rc |= buf_adds(out, " → ");
	rc |= add_value(p, field, ev->after, lang, out);
	return rc ? -1 : 0;
}

const char *engine_filing_state_word(enum filing_state s, enum label_lang lang)
{
	const char *w = label_of(&label_filing_state, (int)s, lang);

	return w ? w : "?";
}

const char *engine_bcp_state_word(enum bcp_state s, enum label_lang lang)
{
	const char *w = label_of(&label_bcp_state, (int)s, lang);

	return w ? w : "?";
}

const char *engine_bcp_rto_word(bool over, enum label_lang lang)
{
	const char *w = label_of(&label_bcp_rto, over ? 1 : 0, lang);

	return w ? w : "?";
}

const char *engine_filing_need_word(const struct mo_filing *f, enum label_lang lang)
{
	const char *w = label_of(&label_filing_need, f->legal ? 2 : (int)f->advice, lang);

	return w ? w : "?";
}
