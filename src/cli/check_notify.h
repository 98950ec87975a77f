/* `moshimo check`'s notification part (check_notify.c). */
#ifndef MO_CLI_CHECK_NOTIFY_H
#define MO_CLI_CHECK_NOTIFY_H

#include "cli/cli.h"
#include "policy/policy.h"
#include "util/err.h"

/* Checks DIR/notify.yaml (its path into path) when it exists, into nf
 * (initialised by the caller with path as its file), and adds to pf what
 * the policy p (may be NULL) has wrong against it: chat ids it does not
 * define, contacts never or too long ago confirmed (warnings). */
void cli_check_notify(struct cli_ctx *ctx, const struct policy *p, struct mo_findings *pf,
		      char *path, size_t size, struct mo_findings *nf);

#endif
