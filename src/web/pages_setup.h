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

/* Shared with the other policy forms (pages_forms.c). One save at a time:
 * take the lock, read the policy, change it, save it, give the lock. */
void setup_lock_take(void);
void setup_lock_give(void);
/* The data folder's policy text, or the built-in one (malloc'd); NULL with e set. */
char *setup_policy_text(struct web_req *r, size_t *len, struct mo_err *e);
/* Saves text as a revision (revise_save: checked first), takes it in force
 * and names the holders on incidents filed before: 0 (then redirect), else
 * the reply was sent (refused() shows the findings) and *rc holds it. */
int setup_save_text(struct web_req *r, const char *text, size_t len, const char *note, int *rc,
		    int (*refused)(struct web_req *r, void *arg, const char *msg,
				   const struct mo_findings *f),
		    void *arg);
/* A chat id that DATA/notify.yaml lacks: the sentence to show next to the
 * field; NULL when it is known, empty, or there is no notify.yaml. */
const char *setup_chat_fault(struct web_req *r, const char *chat);

#endif
