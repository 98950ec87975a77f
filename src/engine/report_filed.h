/* What the act of reporting does besides filing (engine/report_filed.c). */
#ifndef MO_ENGINE_REPORT_FILED_H
#define MO_ENGINE_REPORT_FILED_H

#include "engine/engine.h"

/* The discoverer's 「発生の報告」 is the report itself: when incident id's
 * first step is the discoverer's, it is marked done (by en->who, now), so
 * it never turns red waiting for a tick nobody can give. Inside the write
 * transaction that filed the report. 0, or -1 with e set. */
int engine_report_filed(struct engine *en, int64_t id, struct mo_err *e) MO_WUR;

#endif
