/* The incident model's small vocabularies (status and step keys) and the
 * table of fields a report may give: see model.h. */
#include "store/model.h"

#include <stddef.h>

void inc_init(struct inc *inc)
{
	memset(inc, 0, sizeof(*inc));
	arena_init(&inc->arena, 0);
	inc->description = "";
	inc->discovered_at = MO_TIME_NONE;
	inc->occurred_at = MO_TIME_NONE;
	inc->reported_at = MO_TIME_NONE;
	inc->updated_at = MO_TIME_NONE;
	inc->closed_at = MO_TIME_NONE;
	inc->facts.persons = MO_COUNT_NONE;
	inc->facts.sensitive = MO_TRI_NONE;
	inc->facts.financial = MO_TRI_NONE;
	inc->facts.encrypted = MO_TRI_NONE;
	inc->facts.malicious = MO_TRI_NONE;
	inc->facts.my_number = MO_TRI_NONE;
	inc->facts.skimming = MO_TRI_NONE;
	inc->facts.mynumber_system = MO_TRI_NONE;
	inc->facts.exposed_public = MO_TRI_NONE;
	inc->facts.disconnected = MO_TRI_NONE;
	inc->facts.unauthorized_access = MO_TRI_NONE;
}

void inc_release(struct inc *inc)
{
	arena_release(&inc->arena);
	inc_init(inc);
}

const char *inc_strdup(struct inc *inc, const char *s)
{
	return s ? arena_strdup(&inc->arena, s) : NULL;
}

#define LIST_RELEASE(name, type)                                                                   \
	void name(struct type *l)                                                                  \
	{                                                                                          \
		arena_release(&l->arena);                                                          \
		free(l->v);                                                                        \
		memset(l, 0, sizeof(*l));                                                          \
	}

LIST_RELEASE(step_list_release, step_list)
LIST_RELEASE(event_list_release, event_list)
LIST_RELEASE(decision_list_release, decision_list)
LIST_RELEASE(evidence_list_release, evidence_list)
LIST_RELEASE(inc_summary_list_release, inc_summary_list)

/* The store's keys; the words people read are engine/labels.c's. */
static const struct {
	const char *key;
} statuses[INC_STATUS_COUNT] = {
	[INC_REPORTED] = {"reported"},	   [INC_TRIAGE] = {"triage"},
	[INC_INITIAL] = {"initial"},	   [INC_RECOVERY] = {"recovery"},
	[INC_MONITORING] = {"monitoring"}, [INC_CLOSED] = {"closed"},
};

static const char *const step_states[STEP_STATE_COUNT] = {
	[STEP_TODO] = "todo",
	[STEP_DOING] = "doing",
	[STEP_DONE] = "done",
	[STEP_SKIPPED] = "skipped",
};

const char *inc_status_key(enum inc_status s)
{
	return (unsigned)s < INC_STATUS_COUNT ? statuses[s].key : "?";
}

int inc_status_parse(const char *key, enum inc_status *out)
{
	for (int i = 0; key && i < INC_STATUS_COUNT; i++) {
		if (strcmp(statuses[i].key, key) == 0) {
			*out = (enum inc_status)i;
			return 0;
		}
	}
	return -1;
}

const char *step_state_key(enum step_state s)
{
	return (unsigned)s < STEP_STATE_COUNT ? step_states[s] : "?";
}

int step_state_parse(const char *key, enum step_state *out)
{
	for (int i = 0; key && i < STEP_STATE_COUNT; i++) {
		if (strcmp(step_states[i], key) == 0) {
			*out = (enum step_state)i;
			return 0;
		}
	}
	return -1;
}

#define F(key, type, member, flags, kind, label)                                                   \
	{                                                                                          \
		key, type, offsetof(struct inc, member), flags, kind, label                        \
	}

const struct inc_field inc_fields[] = {
	F("title", FT_TEXT, title, FF_RECORD | FF_SEARCH, NULL, "件名"),
	F("description", FT_TEXT, description, FF_RECORD | FF_SEARCH, NULL, "発生事象"),
	F("occurred_at", FT_TIME, occurred_at, FF_RECORD, NULL, "発生日時"),
	F("business", FT_TEXT, business, FF_RECORD | FF_SEARCH, NULL, "事業者"),
	F("client", FT_TEXT, client, FF_RECORD | FF_SEARCH, NULL, "委託元"),
	F("responsible", FT_TEXT, responsible, FF_RECORD | FF_SEARCH, NULL, "責任者・担当者"),
	F("cause", FT_TEXT, cause, FF_RECORD | FF_SEARCH, NULL, "想定される原因"),
	F("affected_systems", FT_TEXT, affected_systems, FF_RECORD | FF_SEARCH, NULL,
	  "被害を受けたシステムの状況"),
	F("system_config", FT_TEXT, system_config, FF_RECORD | FF_SEARCH, NULL,
	  "システム構成・運用状況"),
	F("measures", FT_TEXT, measures, FF_RECORD | FF_SEARCH, NULL, "再発防止策"),
	F("lessons", FT_TEXT, lessons, FF_RECORD | FF_SEARCH, NULL, "教訓"),
	F("data_kinds", FT_TEXT, facts.data_kinds, FF_FACT | FF_SEARCH, "leak",
	  "漏えいした情報の種類"),
	F("persons", FT_COUNT, facts.persons, FF_FACT, "leak", "件数（本人の数）"),
	F("sensitive", FT_TRI, facts.sensitive, FF_FACT, "leak", "要配慮個人情報を含む"),
	F("financial", FT_TRI, facts.financial, FF_FACT, "leak",
	  "財産的被害のおそれ（カード情報等）"),
	F("encrypted", FT_TRI, facts.encrypted, FF_FACT, "leak", "暗号化されていた"),
	F("malicious", FT_TRI, facts.malicious, FF_FACT, "leak",
	  "不正の目的（不正アクセス・内部犯行等）"),
	F("my_number", FT_TRI, facts.my_number, FF_FACT, "leak",
	  "特定個人情報（マイナンバー）を含む"),
	F("skimming", FT_TRI, facts.skimming, FF_FACT, "leak",
	  "入力中の個人情報の窃取（フォーム改ざん・スキミング）"),
	F("mynumber_system", FT_TRI, facts.mynumber_system, FF_FACT, "leak",
	  "個人番号利用事務等の情報システムの特定個人情報"),
	F("exposed_public", FT_TRI, facts.exposed_public, FF_FACT, "leak",
	  "不特定多数の者が閲覧できる状態になった"),
	F("malware_name", FT_TEXT, facts.malware_name, FF_FACT | FF_SEARCH, "malware",
	  "ウイルス名"),
	F("hosts", FT_TEXT, facts.hosts, FF_FACT | FF_SEARCH, "malware", "感染した機器"),
	F("disconnected", FT_TRI, facts.disconnected, FF_FACT, "malware",
	  "ネットワークから切断済み"),
	F("entry_point", FT_TEXT, facts.entry_point, FF_FACT | FF_SEARCH, "access", "侵入経路"),
	F("accounts", FT_TEXT, facts.accounts, FF_FACT | FF_SEARCH, "access",
	  "不正利用されたアカウント"),
	F("unauthorized_access", FT_TRI, facts.unauthorized_access, FF_FACT, "access",
	  "不正アクセスによる"),
	F("systems", FT_TEXT, facts.systems, FF_FACT | FF_SEARCH, "outage", "停止したシステム"),
	F("workaround", FT_TEXT, facts.workaround, FF_FACT | FF_SEARCH, "outage", "代替策"),
};

const size_t inc_fields_count = MO_ARRAY_SIZE(inc_fields);

const struct inc_field *inc_field_find(const char *key)
{
	for (size_t i = 0; key && i < inc_fields_count; i++)
		if (strcmp(inc_fields[i].key, key) == 0)
			return &inc_fields[i];
	return NULL;
}
