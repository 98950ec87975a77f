/* The 平時の点検 page (pages_checks.c) and the dashboard's 平時 panel
 * (panel_readiness.c). */
#ifndef MO_WEB_PAGES_CHECKS_H
#define MO_WEB_PAGES_CHECKS_H

#include "web/webInt.h"

/* GET /checks: every check with its last result, the due ones first in
 * their group; the form to record one (note, file) with the CSRF token. */
int page_checks(struct web_req *r);
/* POST /checks/{token}/done (multipart: note, file): records check
 * {token} through the writer; 303 back to /checks?msg=check. */
int page_check_done(struct web_req *r);
/* GET /checks/{token}/evidence: the evidence file of check {token}'s last
 * result. */
int page_check_evidence(struct web_req *r);

/* The dashboard's 平時 panel: placeholders left, the last review, contacts
 * confirmed, the last drill, overdue checks, each with a link to where it
 * is fixed. st: the reader. */
void panel_readiness(struct web_req *r, struct buf *b, struct store *st);

#endif
