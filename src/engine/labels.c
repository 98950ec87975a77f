/* Japanese words for an incident's states and timeline events, as the
 * exported report documents (Markdown and PDF) print them whatever the
 * locale: they are part of a Japanese document, like the manual. */
#include "engine/engine.h"

static const char *const status_ja[INC_STATUS_COUNT] = {
	[INC_REPORTED] = "報告",
	[INC_TRIAGE] = "トリアージ",
	[INC_INITIAL] = "初動対応",
	[INC_RECOVERY] = "復旧",
	[INC_MONITORING] = "監視",
	[INC_CLOSED] = "クローズ",
};

static const char *const state_ja[STEP_STATE_COUNT] = {
	[STEP_TODO] = "未着手",
	[STEP_DOING] = "対応中",
	[STEP_DONE] = "完了",
	[STEP_SKIPPED] = "省略",
};

static const struct {
	const char *kind;
	const char *label;
} kinds_ja[] = {
	{"created", "報告"},      {"triage", "トリアージ"}, {"level", "事故レベル変更"},
	{"owner", "責任者変更"},  {"status", "状態変更"},   {"step", "手順"},
	{"plan", "手順の再計画"}, {"note", "メモ"},         {"field", "記録の更新"},
	{"decision", "判断"},     {"evidence", "証拠保全"}, {"custody", "証拠の検証"},
	{"close", "クローズ"},    {"reopen", "再開"},       {"notify", "通知"},
	{"escalation", "エスカレーション"}, {"ack", "対応の確認"}, {"reminder", "リマインダー"},
};

const char *engine_event_kind_ja(const char *kind)
{
	for (size_t i = 0; kind && i < MO_ARRAY_SIZE(kinds_ja); i++)
		if (strcmp(kinds_ja[i].kind, kind) == 0)
			return kinds_ja[i].label;
	return kind ? kind : "";
}

const char *engine_status_ja(enum inc_status s)
{
	return (unsigned)s < INC_STATUS_COUNT ? status_ja[s] : "?";
}

const char *engine_step_state_ja(enum step_state s)
{
	return (unsigned)s < STEP_STATE_COUNT ? state_ja[s] : "?";
}
