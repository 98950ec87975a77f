/* The table of output formats. */
#include "render/renderInt.h"

static const struct render_format formats[] = {
	{"md", ".md", false, render_md_manual, render_md_card},
	{"html", ".html", false, render_html_manual, render_html_card},
	{"pdf", ".pdf", true, render_pdf_manual, render_pdf_card},
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
