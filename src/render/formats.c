/* The manual and the card in any format of the one table (doc_format.c):
 * built once as a document and handed to doc_write. */
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
