/* Errors and findings. Modules return them; only the command prints them,
 * through one reporter, as `file:line:col: error: message`. */
#ifndef MO_ERR_H
#define MO_ERR_H

#include "util/common.h"

enum mo_severity {
	MO_ERROR,
	MO_WARNING,
};

/* One error with an optional position (line and col are 1-based; 0 when
 * unknown). msg is already translated. */
struct mo_err {
	int code;          /* 0: no error */
	char file[512];
	int line;
	int col;
	char msg[1024];
};

void mo_err_clear(struct mo_err *e);
/* Sets e and returns -1, so callers can `return mo_err_set(...)`. */
int mo_err_set(struct mo_err *e, const char *file, int line, int col,
	       const char *fmt, ...) MO_PRINTF(5, 6);

struct mo_finding {
	enum mo_severity severity;
	int line;
	int col;
	char *msg;
};

/* A growing list of findings about one file. */
struct mo_findings {
	const char *file;
	struct mo_finding *v;
	size_t n;
	size_t cap;
	size_t errors;
	size_t warnings;
	bool oom;          /* a finding could not be stored */
};

void mo_findings_init(struct mo_findings *f, const char *file);
void mo_findings_release(struct mo_findings *f);
void mo_findings_add(struct mo_findings *f, enum mo_severity sev, int line,
		     int col, const char *fmt, ...) MO_PRINTF(5, 6);
/* Sorts by position, keeping the order of findings at one position. */
void mo_findings_sort(struct mo_findings *f);

/* Prints `file:line:col: error: message` (parts left out when unknown),
 * replacing control characters in msg so input cannot forge lines. */
void mo_report(FILE *out, const char *file, int line, int col,
	       enum mo_severity sev, const char *msg);
void mo_report_err(FILE *out, const struct mo_err *e);
void mo_report_findings(FILE *out, const struct mo_findings *f);

/* Prints `moshimo: error: message` for errors with no file. */
void mo_die_msg(const char *fmt, ...) MO_PRINTF(1, 2);

#endif
