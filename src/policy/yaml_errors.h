/* libyaml's syntax errors in words a person can act on (yaml_errors.c). */
#ifndef MO_POLICY_YAML_ERRORS_H
#define MO_POLICY_YAML_ERRORS_H

#include "util/common.h"

/* What libyaml said: its context and problem (either may be NULL) and
 * their marks (1-based lines and columns, 0 when absent). */
struct yaml_problem {
	const char *context;
	const char *problem;
	int context_line, context_col;
	int problem_line, problem_col;
};

/* Finds the mistake in text that libyaml reported as y (it often reports
 * the line after, or where an unclosed quote ends) among the common ones —
 * a missing space after a colon, a tab or a full-width space in the
 * indentation, an unclosed quote or bracket, a bad indentation — and
 * writes a translated message naming it into msg, its line and column into
 * *line and *col. Returns true when it found one; false leaves them alone
 * (the caller reports libyaml's own words). */
bool yaml_error_explain(const char *text, size_t len, const struct yaml_problem *y, int *line,
			int *col, char *msg, size_t size);

#endif
