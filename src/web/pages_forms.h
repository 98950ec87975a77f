/* Editing the policy later without YAML (pages_forms.c): people added and
 * removed, each level's escalation chain, each sign's do/don't, the
 * peacetime checks' owner and interval, the BCP's systems. Admin only;
 * every save goes through revise_save(). */
#ifndef MO_WEB_PAGES_FORMS_H
#define MO_WEB_PAGES_FORMS_H

#include "web/pages_setup.h"

/* GET/POST /admin/setup/people; POST /admin/setup/people/delete (person=ID). */
int page_forms_people(struct web_req *r);
int page_forms_people_post(struct web_req *r);
int page_forms_people_delete(struct web_req *r);
/* GET /admin/setup/escalation; POST /admin/setup/escalation (level=N). */
int page_forms_escalation(struct web_req *r);
int page_forms_escalation_post(struct web_req *r);
/* GET /admin/setup/signs; POST /admin/setup/signs (sign=ID). */
int page_forms_signs(struct web_req *r);
int page_forms_signs_post(struct web_req *r);
/* GET/POST /admin/setup/checks (every check in one form). */
int page_forms_checks(struct web_req *r);
int page_forms_checks_post(struct web_req *r);
/* GET /admin/setup/bcp; POST /admin/setup/bcp (system=ID, empty: a new
 * one); POST /admin/setup/bcp/delete (system=ID). */
int page_forms_bcp(struct web_req *r);
int page_forms_bcp_post(struct web_req *r);
int page_forms_bcp_delete(struct web_req *r);

#endif
