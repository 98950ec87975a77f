/* The business continuity board in the JSON API: the same JSON as `moshimo
 * bcp board --json`, from the one function that makes it
 * (engine_bcp_board_load_json), on the HTTP thread's read connection. */
#include "web/api_bcp.h"
#include "engine/bcp.h"
#include "util/timefmt.h"

int api_bcp(struct web_req *r)
{
	struct store *st;
	struct mo_err e;
	json_t *j = NULL;
	int rc;

	if (web_incident_visible(r, r->id))
		return 0;
	mo_err_clear(&e);
	st = web_reader(r->srv, &e);
	if (!st)
		return web_reply_fail(r, &e);
	rc = engine_bcp_board_load_json(r->p, st, r->id, time_now(), &j, &e);
	if (rc < 0)
		return web_reply_fail(r, &e);
	if (rc > 0)
		return web_reply_error(r, 404, "not_found", "no such incident");
	return web_reply_json(r, 200, j);
}
