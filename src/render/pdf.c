/* The manual as PDF: the document tree that manual.c builds, printed with
 * pdf_render_doc (pdf_doc.c): a cover, the contents, numbered chapters,
 * page headers and footers and the outline, placeholders highlighted. */
#include "render/renderInt.h"

#include "render/manual.h"
#include "render/pdf.h"

int render_pdf_manual(const struct policy *p, const struct render_opts *o, struct buf *out,
		      struct mo_err *e)
{
	struct pdf_doc_opts po = {0};
	char footer[256] = "";
	struct doc *d;
	int rc;

	d = manual_build(p, o, MANUAL_FULL, e);
	if (!d)
		return -1;
	if (p->org.has_last_reviewed) {
		char day[64];

		date_format(p->org.last_reviewed, true, day, sizeof(day));
		snprintf(footer, sizeof(footer), "%s%s%s", p->org.revision ? p->org.revision : "",
			 p->org.revision ? "　" : "", day);
	} else if (p->org.revision) {
		snprintf(footer, sizeof(footer), "%s", p->org.revision);
	}
	po.company = p->org.name;
	po.footer = footer;
	po.mark = "社外秘";
	po.author = p->org.name;
	po.subject = "情報セキュリティインシデント対応ならびに事業継続管理";
	rc = pdf_render_doc(d, &po, out, e);
	doc_free(d);
	return rc;
}
