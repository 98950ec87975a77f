/* Drafts of the filings and notices (moshimo filing draft, the web's
 * filings page) as document trees (doc.h), written in any format through
 * doc_write(): the PPC report's nine items (規則8条1項; 速報 with 調査中,
 * 確報 complete), the notice to persons, the client's notice, the IPA
 * 届出 items, the police consultation memo (timeline, evidence and hashes),
 * JPCERT/CC's request, the 公表文 with an inquiry-desk FAQ, and the 第一報,
 * 第二報 and 最終報 to customers and partners. Every field is filled from
 * the incident's record where it has it; a blank is marked. */
#ifndef MO_FILING_DOC_H
#define MO_FILING_DOC_H

#include "engine/engine.h"
#include "render/doc.h"
#include "store/filings.h"

/* The drafts' kinds: every filing id of the built-in policy plus the
 * documents that are not filings (public_notice, update_first,
 * update_second, update_final). */
struct filing_draft_kind {
	const char *kind;
	const char *title; /* 個人情報保護委員会への報告（速報）の下書き */
};
/* The draft of kind, or NULL when there is none. A filing id of the
 * policy without a draft of its own gets the general report (a policy's
 * own filings). */
const struct filing_draft_kind *filing_draft_find(const char *kind);
/* "ppc_prompt, ppc_final, …": for help and messages. */
const char *filing_draft_names(void);

/* Builds the draft of kind for incident f under p as of now; recs (may be
 * NULL) says which filings were done (本人への対応の実施状況). The doc
 * borrows strings of p and f. NULL with e set: an unknown kind (MO_EINVAL)
 * or out of memory. */
struct doc *filing_doc_build(const struct policy *p, const struct inc_full *f,
			     const struct filing_recs *recs, const char *kind, int64_t now,
			     struct mo_err *e);

#endif
