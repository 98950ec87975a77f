/* Errors, findings and the one reporter that prints them: see err.h. */
#include "util/err.h"

void mo_err_clear(struct mo_err *e)
{
	memset(e, 0, sizeof(*e));
}

int mo_err_set(struct mo_err *e, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->code = MO_EINVAL;
	e->detail = 0;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int mo_err_setc(struct mo_err *e, enum mo_code code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	memset(e, 0, sizeof(*e));
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int mo_err_oom(struct mo_err *e, const char *file)
{
	mo_err_set(e, file, 0, 0, "%s", _("out of memory"));
	return mo_err_code(e, MO_ENOMEM);
}

int mo_err_code(struct mo_err *e, enum mo_code code)
{
	if (e)
		e->code = code;
	return -1;
}

static const struct {
	const char *name;
	unsigned http;
	int exit;
} codes[MO_CODE_COUNT] = {
	[MO_OK] = {"ok", 200, 0},
	[MO_EINVAL] = {"invalid", 422, 1},
	[MO_ENOTFOUND] = {"not_found", 404, 1},
	[MO_ECONFLICT] = {"conflict", 409, 1},
	[MO_EFORBIDDEN] = {"forbidden", 403, 1},
	[MO_EBUSY] = {"busy", 503, 3},
	[MO_EIO] = {"io", 503, 3},
	[MO_ENOMEM] = {"out_of_memory", 503, 3},
	[MO_EINTERNAL] = {"internal", 500, 3},
};

/* A code out of the table is a bug: treat it as internal. */
static int known(int code)
{
	return code >= 0 && code < MO_CODE_COUNT ? code : MO_EINTERNAL;
}

const char *mo_code_name(int code)
{
	return codes[known(code)].name;
}

unsigned mo_code_http(int code)
{
	return codes[known(code)].http;
}

int mo_code_exit(int code)
{
	return codes[known(code)].exit;
}

bool mo_code_internal(int code)
{
	return codes[known(code)].http >= 500;
}

void mo_findings_init(struct mo_findings *f, const char *file)
{
	memset(f, 0, sizeof(*f));
	f->file = file;
}

void mo_findings_release(struct mo_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].msg);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

void mo_findings_add(struct mo_findings *f, enum mo_severity sev, int line, int col,
		     const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	if (sev == MO_ERROR)
		f->errors++;
	else
		f->warnings++;
	if (f->n == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 16;
		struct mo_finding *nv = realloc(f->v, ncap * sizeof(*nv));

		if (!nv) {
			f->oom = true;
			return;
		}
		f->v = nv;
		f->cap = ncap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->v[f->n].msg = strdup(msg);
	if (!f->v[f->n].msg) {
		f->oom = true;
		return;
	}
	f->v[f->n].severity = sev;
	f->v[f->n].line = line;
	f->v[f->n].col = col;
	f->n++;
}

void mo_findings_sort(struct mo_findings *f)
{
	/* Insertion sort: stable, and lists are short. */
	for (size_t i = 1; i < f->n; i++) {
		struct mo_finding x = f->v[i];
		size_t j = i;

		while (j > 0 && (f->v[j - 1].line > x.line ||
				 (f->v[j - 1].line == x.line && f->v[j - 1].col > x.col))) {
			f->v[j] = f->v[j - 1];
			j--;
		}
		f->v[j] = x;
	}
}

static void put_clean(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fputc('?', out);
		else
			fputc(c, out);
	}
}

void mo_report(FILE *out, const char *file, int line, int col, enum mo_severity sev,
	       const char *msg)
{
	if (file && *file) {
		put_clean(out, file);
		if (line > 0) {
			fprintf(out, ":%d", line);
			if (col > 0)
				fprintf(out, ":%d", col);
		}
		fputs(": ", out);
	} else {
		fputs("moshimo: ", out);
	}
	fputs(sev == MO_ERROR ? _("error") : _("warning"), out);
	fputs(": ", out);
	put_clean(out, msg);
	fputc('\n', out);
}

void mo_report_err(FILE *out, const struct mo_err *e)
{
	mo_report(out, e->file, e->line, e->col, MO_ERROR, e->msg);
}

void mo_report_findings(FILE *out, const struct mo_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		mo_report(out, f->file, f->v[i].line, f->v[i].col, f->v[i].severity, f->v[i].msg);
	if (f->oom)
		mo_report(out, f->file, 0, 0, MO_ERROR, _("out of memory"));
}

void mo_die_msg(const char *fmt, ...)
{
	va_list ap;
	char msg[2048];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mo_report(stderr, NULL, 0, 0, MO_ERROR, msg);
}
