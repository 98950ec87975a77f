/* The business continuity board in the JSON API (web/api_bcp.c). */
#ifndef MO_WEB_API_BCP_H
#define MO_WEB_API_BCP_H

#include "web/webInt.h"

/* GET /api/v1/incidents/{id}/bcp (responder, as the board's page): the
 * board as `moshimo bcp board --json` gives it (engine_bcp_board_load_json). */
int api_bcp(struct web_req *r);

#endif
