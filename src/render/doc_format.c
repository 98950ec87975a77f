/* The table of output formats (doc_format.h): one row per format, the same
 * for every document. */
#include "render/doc_format.h"

static const struct doc_format formats[] = {
	{"md", ".md", false, doc_write_md},
	{"html", ".html", false, doc_write_html},
	{"pdf", ".pdf", true, doc_write_pdf},
};

const struct doc_format *doc_format_find(const char *name)
{
	for (size_t i = 0; name && i < MO_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const struct doc_format *doc_format_for_file(const char *file)
{
	const char *dot = file ? strrchr(file, '.') : NULL;

	for (size_t i = 0; dot && i < MO_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].extension, dot) == 0)
			return &formats[i];
	return NULL;
}

const char *doc_format_names(void)
{
	static char names[64];

	if (!names[0]) {
		size_t used = 0;

		for (size_t i = 0; i < MO_ARRAY_SIZE(formats); i++) {
			int n = snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "",
					 formats[i].name);

			if (n < 0 || (size_t)n >= sizeof(names) - used)
				break;
			used += (size_t)n;
		}
	}
	return names;
}

int doc_write(const struct doc *d, const char *name, struct buf *out, struct mo_err *e)
{
	const struct doc_format *f = doc_format_find(name);

	if (!f)
		return mo_err_setc(e, MO_EINVAL, _("unknown format \"%s\" (choose from %s)"),
				   name ? name : "", doc_format_names());
	if (!d || d->oom)
		return mo_err_oom(e, NULL);
	return f->write(d, out, e);
}

int doc_write_free(struct doc *d, const char *name, struct buf *out, struct mo_err *e)
{
	int rc;

	if (!d)
		return -1;
	rc = doc_write(d, name, out, e);
	doc_free(d);
	return rc;
}
