/* The one route table: every URL the server answers, its method, handler,
 * the least role that may use it, and what its body must be. The
 * dispatcher (dispatch.c) enforces the role, the body limit, the content
 * type and the CSRF token from these rows before a handler runs; the
 * authorization test (tests/t6110) walks this same table and compares it
 * with the list checked in by hand, tests/fixtures/routes.txt. */
#include "web/webInt.h"
#include "web/api_bcp.h"
#include "web/reportlink.h"
#include "web/pages_forms.h"
#include "web/pages_setup.h"
#include "web/pages_checks.h"

const struct route web_routes[] = {
	/* JSON API v1 (Bearer tokens) */
	{"GET", "/healthz", api_healthz, ROLE_NONE, RF_API | RF_PUBLIC},
	{"POST", "/api/v1/incidents", api_incident_create, ROLE_REPORTER, RF_API | RF_JSON},
	{"GET", "/api/v1/incidents", api_incident_list, ROLE_REPORTER, RF_API},
	{"GET", "/api/v1/incidents/{id}", api_incident_get, ROLE_REPORTER, RF_API},
	{"PATCH", "/api/v1/incidents/{id}", api_incident_patch, ROLE_RESPONDER, RF_API | RF_JSON},
	{"POST", "/api/v1/incidents/{id}/steps/{n}", api_incident_step, ROLE_RESPONDER,
	 RF_API | RF_JSON},
	{"POST", "/api/v1/incidents/{id}/notes", api_incident_note, ROLE_REPORTER,
	 RF_API | RF_JSON},
	{"GET", "/api/v1/incidents/{id}/filings", api_filings, ROLE_RESPONDER, RF_API},
	{"GET", "/api/v1/incidents/{id}/bcp", api_bcp, ROLE_RESPONDER, RF_API},
	{"GET", "/api/v1/search", api_search, ROLE_RESPONDER, RF_API},
	{"GET", "/api/v1/policy", api_policy, ROLE_REPORTER, RF_API},

	/* Pages (session cookies) */
	{"GET", "/static/app.css", page_css, ROLE_NONE, RF_PUBLIC},
	{"GET", "/login", page_login, ROLE_NONE, RF_PUBLIC},
	{"POST", "/login", page_login_post, ROLE_NONE, RF_PUBLIC | RF_ANON_FORM},
	{"POST", "/logout", page_logout, ROLE_REPORTER, RF_FORM},
	{"GET", "/account", page_account, ROLE_REPORTER, 0},
	{"POST", "/account", page_account_post, ROLE_REPORTER, RF_FORM},
	{"GET", "/", page_dashboard, ROLE_REPORTER, 0},
	{"GET", "/report", page_report, ROLE_REPORTER, 0},
	{"POST", "/report", page_report_post, ROLE_REPORTER, RF_FORM | RF_UPLOAD},
	{"GET", "/r/{token}", page_report, ROLE_REPORTER, RF_LINK | RF_SECRET_PATH},
	{"POST", "/r/{token}", page_report_post, ROLE_REPORTER,
	 RF_LINK | RF_FORM | RF_UPLOAD | RF_SECRET_PATH},
	{"GET", "/f/{token}", page_followup, ROLE_NONE, RF_PUBLIC | RF_SECRET_PATH},
	{"POST", "/f/{token}/notes", page_followup_note, ROLE_NONE,
	 RF_PUBLIC | RF_ANON_FORM | RF_SECRET_PATH},
	{"POST", "/f/{token}/evidence", page_followup_evidence, ROLE_NONE,
	 RF_PUBLIC | RF_ANON_FORM | RF_UPLOAD | RF_SECRET_PATH},
	{"GET", "/incidents/{id}", page_incident, ROLE_REPORTER, 0},
	{"POST", "/incidents/{id}/fields", page_incident_fields, ROLE_RESPONDER, RF_FORM},
	{"POST", "/incidents/{id}/steps/{n}", page_incident_step, ROLE_RESPONDER, RF_FORM},
	{"POST", "/incidents/{id}/notes", page_incident_note, ROLE_REPORTER, RF_FORM},
	{"POST", "/incidents/{id}/status", page_incident_status, ROLE_RESPONDER, RF_FORM},
	{"POST", "/incidents/{id}/level", page_incident_level, ROLE_MANAGER, RF_FORM},
	{"POST", "/incidents/{id}/close", page_incident_close, ROLE_MANAGER, RF_FORM},
	{"POST", "/incidents/{id}/category", page_incident_category, ROLE_MANAGER, RF_FORM},
	{"POST", "/incidents/{id}/dismiss", page_incident_dismiss, ROLE_MANAGER, RF_FORM},
	{"POST", "/incidents/{id}/reopen", page_incident_reopen, ROLE_MANAGER, RF_FORM},
	{"POST", "/incidents/{id}/decisions", page_incident_decision, ROLE_RESPONDER, RF_FORM},
	{"POST", "/incidents/{id}/evidence", page_incident_evidence, ROLE_RESPONDER, RF_UPLOAD},
	{"GET", "/incidents/{id}/export/{format}", page_incident_export, ROLE_RESPONDER, 0},
	{"GET", "/incidents/{id}/filings", page_filings, ROLE_RESPONDER, 0},
	{"GET", "/incidents/{id}/filings/{token}", page_filing_draft, ROLE_RESPONDER, 0},
	{"POST", "/incidents/{id}/filings/{token}/done", page_filing_done, ROLE_MANAGER,
	 RF_FORM | RF_UPLOAD},
	{"POST", "/incidents/{id}/filings/{token}/substitute", page_filing_substitute, ROLE_MANAGER,
	 RF_FORM | RF_UPLOAD},
	{"POST", "/incidents/{id}/filings/{token}/waive", page_filing_waive, ROLE_MANAGER, RF_FORM},
	{"GET", "/incidents/{id}/bcp", page_bcp, ROLE_RESPONDER, 0},
	{"POST", "/incidents/{id}/bcp/state", page_bcp_state, ROLE_RESPONDER, RF_FORM},
	{"POST", "/incidents/{id}/bcp/survey", page_bcp_survey, ROLE_RESPONDER, RF_FORM},
	{"POST", "/incidents/{id}/bcp/staff", page_bcp_staff, ROLE_RESPONDER, RF_FORM},
	{"GET", "/incidents/{id}/evidence/{n}", page_incident_evidence_get, ROLE_RESPONDER, 0},
	{"GET", "/drills", page_drills, ROLE_RESPONDER, 0},
	{"POST", "/drills", page_drill_start, ROLE_MANAGER, RF_FORM},
	{"GET", "/drills/{id}", page_drill, ROLE_RESPONDER, 0},
	{"POST", "/drills/{id}/end", page_drill_end, ROLE_MANAGER, RF_FORM},
	{"GET", "/drills/{id}/report/{token}", page_drill_download, ROLE_RESPONDER, 0},
	{"POST", "/incidents/{id}/ack", page_incident_ack, ROLE_RESPONDER, RF_FORM},
	{"GET", "/ack/{token}", page_ack, ROLE_NONE, RF_PUBLIC | RF_SECRET_PATH},
	{"POST", "/ack/{token}", page_ack_post, ROLE_NONE,
	 RF_PUBLIC | RF_ANON_FORM | RF_SECRET_PATH},
	{"GET", "/manual", page_manual, ROLE_REPORTER, 0},
	{"GET", "/manual/document", page_manual_document, ROLE_REPORTER, 0},
	{"GET", "/manual/download/{file}", page_manual_download, ROLE_REPORTER, 0},
	{"GET", "/search", page_search, ROLE_RESPONDER, 0},
	{"GET", "/checks", page_checks, ROLE_RESPONDER, 0},
	{"POST", "/checks/{token}/done", page_check_done, ROLE_RESPONDER, RF_UPLOAD},
	{"GET", "/checks/{token}/evidence", page_check_evidence, ROLE_RESPONDER, 0},
	{"GET", "/admin", page_admin, ROLE_ADMIN, 0},
	{"POST", "/admin/users", page_admin_user_add, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/users/{id}", page_admin_user_edit, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/link", page_admin_link, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/reportlink", page_reportlink, ROLE_ADMIN, 0},
	{"POST", "/admin/reportlink", page_reportlink_rotate, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/reportlink/qr.svg", page_reportlink_qr_svg, ROLE_ADMIN, 0},
	{"GET", "/admin/reportlink/qr.png", page_reportlink_qr_png, ROLE_ADMIN, 0},
	{"GET", "/admin/reportlink/sheet", page_reportlink_sheet, ROLE_ADMIN, 0},
	{"POST", "/admin/tokens", page_admin_token_add, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/tokens/{id}/revoke", page_admin_token_revoke, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/policy/reload", page_admin_reload, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/policy/edit", page_policy_edit, ROLE_ADMIN, 0},
	{"POST", "/admin/policy/edit", page_policy_edit_post, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/revisions", page_revisions, ROLE_ADMIN, 0},
	{"POST", "/admin/revisions/{n}/restore", page_revision_restore, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/review", page_review_post, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup", page_setup, ROLE_ADMIN, 0},
	{"GET", "/admin/setup/roles", page_setup_roles, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/roles", page_setup_roles_post, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup/people", page_forms_people, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/people", page_forms_people_post, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/setup/people/delete", page_forms_people_delete, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup/escalation", page_forms_escalation, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/escalation", page_forms_escalation_post, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup/signs", page_forms_signs, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/signs", page_forms_signs_post, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup/checks", page_forms_checks, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/checks", page_forms_checks_post, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup/bcp", page_forms_bcp, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/bcp", page_forms_bcp_post, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/setup/bcp/delete", page_forms_bcp_delete, ROLE_ADMIN, RF_FORM},
	{"GET", "/admin/setup/{n}", page_setup_step, ROLE_ADMIN, 0},
	{"POST", "/admin/setup/{n}", page_setup_post, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/outbox/{id}/retry", page_admin_outbox_retry, ROLE_ADMIN, RF_FORM},
	{"POST", "/admin/contacts/verify", page_admin_contacts_verify, ROLE_ADMIN, RF_FORM},
	/* 疎通確認's link: no account; the token is the secret. The POST carries
	 * the anonymous form token (login's purpose) so only our page posts it. */
	{"GET", "/verify/{token}", page_verify, ROLE_NONE, RF_PUBLIC | RF_SECRET_PATH},
	{"POST", "/verify/{token}", page_verify_post, ROLE_NONE,
	 RF_PUBLIC | RF_ANON_FORM | RF_SECRET_PATH},
};

const size_t web_routes_count = MO_ARRAY_SIZE(web_routes);

void web_print_routes(FILE *out)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{RF_API, "api"},
		{RF_JSON, "json"},
		{RF_FORM, "form"},
		{RF_UPLOAD, "upload"},
		{RF_PUBLIC, "public"},
		{RF_LINK, "link"},
		{RF_ANON_FORM, "anonform"},
		{RF_SECRET_PATH, "secret"},
	};

	for (size_t i = 0; i < web_routes_count; i++) {
		const struct route *rt = &web_routes[i];
		unsigned rest = rt->flags;
		bool first = true;

		fprintf(out, "%s %s %s ", rt->method, rt->pattern, auth_role_key(rt->role));
		for (size_t k = 0; k < MO_ARRAY_SIZE(names); k++) {
			if (rt->flags & names[k].flag) {
				fprintf(out, "%s%s", first ? "" : ",", names[k].name);
				first = false;
				rest &= ~names[k].flag;
			}
		}
		/* A flag without a name above still shows (and fails the route list). */
		if (rest) {
			fprintf(out, "%s0x%x", first ? "" : ",", rest);
			first = false;
		}
		fprintf(out, "%s\n", first ? "-" : "");
	}
}
