/* Errors and findings. Modules return them; only the command prints them,
 * through one reporter, as `file:line:col: error: message`. */
#ifndef MO_ERR_H
#define MO_ERR_H

#include "util/common.h"

enum mo_severity {
	MO_ERROR,
	MO_WARNING,
};

/* What kind of failure an error is: decides the HTTP status and the exit
 * code (one table, err.c). mo_err_set gives MO_EINVAL, so a caller that
 * says nothing more keeps meaning "the input is wrong". */
enum mo_code {
	MO_OK = 0,
	MO_EINVAL,     /* invalid input: 422, exit 1 */
	MO_ENOTFOUND,  /* no such incident, step, user…: 404, exit 1 */
	MO_ECONFLICT,  /* the state forbids it, a duplicate: 409, exit 1 */
	MO_EFORBIDDEN, /* not allowed: 403, exit 1 */
	MO_EBUSY,      /* another writer holds the database: 503, exit 3 */
	MO_EIO,	       /* disk full, read/write error: 503, exit 3 */
	MO_ENOMEM,     /* out of memory: 503, exit 3 */
	MO_EINTERNAL,  /* a bug or a database error we did not expect: 500, exit 3 */
	MO_CODE_COUNT
};

/* One error with an optional position (line and col are 1-based; 0 when
 * unknown). msg is already translated. */
struct mo_err {
	int code;   /* enum mo_code; 0: no error */
	int detail; /* a module's own reason within the code (linktoken_fault…), 0 if none */
	char file[512];
	int line;
	int col;
	char msg[1024];
};

void mo_err_clear(struct mo_err *e);
/* Sets e and returns -1, so callers can `return mo_err_set(...)`. */
int mo_err_set(struct mo_err *e, const char *file, int line, int col, const char *fmt, ...)
	MO_PRINTF(5, 6);

/* mo_err_set with a code; returns -1. */
int mo_err_setc(struct mo_err *e, enum mo_code code, const char *fmt, ...) MO_PRINTF(3, 4);
/* "out of memory" with code MO_ENOMEM (file may be NULL); returns -1. */
int mo_err_oom(struct mo_err *e, const char *file);
/* Gives an error already set a code (keeping its message); returns -1. */
int mo_err_code(struct mo_err *e, enum mo_code code);

/* The one table: a code's name for JSON ("not_found"), HTTP status and
 * exit code (DESIGN.md: 1 input or data wrong, 3 machine failure). */
const char *mo_code_name(int code);
unsigned mo_code_http(int code);
int mo_code_exit(int code);
/* True when the message is the machine's (5xx): logged, not shown to a
 * web client. */
bool mo_code_internal(int code);

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
	bool oom; /* a finding could not be stored */
};

void mo_findings_init(struct mo_findings *f, const char *file);
void mo_findings_release(struct mo_findings *f);
void mo_findings_add(struct mo_findings *f, enum mo_severity sev, int line, int col,
		     const char *fmt, ...) MO_PRINTF(5, 6);
/* Sorts by position, keeping the order of findings at one position. */
void mo_findings_sort(struct mo_findings *f);

/* Prints `file:line:col: error: message` (parts left out when unknown),
 * replacing control characters in msg so input cannot forge lines. */
void mo_report(FILE *out, const char *file, int line, int col, enum mo_severity sev,
	       const char *msg);
void mo_report_err(FILE *out, const struct mo_err *e);
void mo_report_findings(FILE *out, const struct mo_findings *f);

/* Prints `moshimo: error: message` for errors with no file. */
void mo_die_msg(const char *fmt, ...) MO_PRINTF(1, 2);

#endif
