/* The guided setup's pages (pages_setup.c) and the banner that Admin and
 * the dashboard show administrators while placeholders remain. */
#ifndef MO_WEB_PAGES_SETUP_H
#define MO_WEB_PAGES_SETUP_H

#include "web/webInt.h"

/* GET /admin/setup: the steps and how many questions each has open. */
int page_setup(struct web_req *r);
/* GET /admin/setup/{n}: the form of step n (1-based). */
int page_setup_step(struct web_req *r);
/* POST /admin/setup/{n}: checks, saves as a revision, reloads, next step. */
int page_setup_post(struct web_req *r);
/* GET/POST /admin/setup/roles: who holds which role, each level's owner. */
int page_setup_roles(struct web_req *r);
int page_setup_roles_post(struct web_req *r);
/* For administrators, while the policy has placeholders: how many, and a
 * link to the setup. Nothing otherwise. */
void page_setup_banner(struct web_req *r, struct buf *b);

#endif
