/* Report once (store/report_once.c): the one-time key of each report form
 * sent (its SHA-256), and the incident it filed, so a second tap or a
 * reload of the same form finds that incident instead of filing another. */
#ifndef MO_STORE_REPORT_ONCE_H
#define MO_STORE_REPORT_ONCE_H

#include "util/common.h"
#include "util/err.h"

struct store;

/* The incident filed with the key whose hash is hash: 1 with *id set, 0
 * when none was, -1 on error. */
int store_report_once_get(struct store *st, const char *hash, int64_t *id, struct mo_err *e) MO_WUR;
/* Records that hash filed incident id (inside the write transaction that
 * created it). 0, or -1 on error (MO_ECONFLICT when hash is taken). */
int store_report_once_add(struct store *st, const char *hash, int64_t id, int64_t now,
			  struct mo_err *e) MO_WUR;

#endif
