/* The incident report (moshimo export, the web page's export links) as a
 * document tree (doc.h) built once from the engine's view of an incident
 * and written in every format of doc_format.c (md, html, pdf); json is the
 * engine's JSON (engine_incident_json), not a document.
 *
 * render/ reads the engine's view structs (struct inc_full) and its pure
 * lookups (filings owed, open decisions, times in the policy's zone); the
 * engine never includes render/. */
#ifndef MO_INCIDENT_DOC_H
#define MO_INCIDENT_DOC_H

#include "engine/engine.h"
#include "render/doc.h"

/* Builds the report of incident f under policy p as of now: a cover block
 * (受付番号, 件名, 事故レベル, 状況, 責任者, the company), then 記録事項,
 * the checklist, 判断事項, 届出・報告先, 対応経過, 証拠 and 再発防止策.
 * The doc borrows strings of p and f: free it (doc_free) before them.
 * Returns NULL with e set when out of memory. */
struct doc *incident_doc_build(const struct policy *p, const struct inc_full *f, int64_t now,
			       struct mo_err *e);

/* The report of f in format (md, html, pdf: the doc tree through
 * doc_write; json: engine_incident_json) appended to out. Returns 0, or -1
 * with e set (an unknown format is MO_EINVAL). */
int incident_write(const struct policy *p, const struct inc_full *f, int64_t now,
		   const char *format, struct buf *out, struct mo_err *e) MO_WUR;

/* The formats' names for help texts and messages: "md, html, pdf, json". */
const char *incident_format_names(void);

#endif
