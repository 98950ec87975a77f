/* The manual and the card in any format of the one table (doc_format.c),
 * and render_format (render.h), the per-document view of that table that
 * older callers still use: every row is a doc format, its functions only
 * build the document and hand it to doc_write. */
#include "render/doc_format.h"
#include "render/manual.h"
#include "render/renderInt.h"

int manual_write(const struct policy *p, const struct render_opts *o, enum manual_part part,
		 const char *format, struct buf *out, struct mo_err *e)
{
	if (!doc_format_find(format))
		return doc_write(NULL, format, out, e);
	return doc_write_free(manual_build(p, o, part, e), format, out, e);
}

#define ADAPT(fmt)                                                                                 \
	static int manual_##fmt(const struct policy *p, const struct render_opts *o,               \
				struct buf *out, struct mo_err *e)                                 \
	{                                                                                          \
		return manual_write(p, o, MANUAL_FULL, #fmt, out, e);                              \
	}                                                                                          \
	static int card_##fmt(const struct policy *p, const struct render_opts *o,                 \
			      struct buf *out, struct mo_err *e)                                   \
	{                                                                                          \
		return manual_write(p, o, MANUAL_CARD, #fmt, out, e);                              \
	}
ADAPT(md)
ADAPT(html)
ADAPT(pdf)
#undef ADAPT

static const struct render_format formats[] = {
	{"md", ".md", false, manual_md, card_md},
	{"html", ".html", false, manual_html, card_html},
	{"pdf", ".pdf", true, manual_pdf, card_pdf},
};

const struct render_format *render_format_find(const char *name)
{
	for (size_t i = 0; name && i < MO_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *render_format_names(void)
{
	return doc_format_names();
}
