/* The drill report (moshimo drill report, the web's 訓練 page) as a doc
 * tree (doc.h), written in any format through doc_write(): the score, each
 * step against the manual's deadline with its verdict, the
 * acknowledgements and who never acknowledged, the injects, what to
 * improve; 【訓練】 in the title and on every page. */
#ifndef MO_DRILL_DOC_H
#define MO_DRILL_DOC_H

#include "engine/drills.h"
#include "render/doc.h"

/* Builds the report of r under p as of now; the doc borrows strings of p
 * and r. NULL with e set when out of memory. */
struct doc *drill_doc_build(const struct policy *p, const struct drill_report *r, int64_t now,
			    struct mo_err *e);

#endif
