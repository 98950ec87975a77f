/* The store's part for signed links and contact checks (store/links.c):
 * the hashes of used link tokens (single use) and, per person and
 * channel, when a 疎通確認 was last sent and last confirmed by a human.
 *
 * The link key itself is a setting (store_setting_get/put, key
 * "link_key", hex). As in store.h: writes expect an open transaction;
 * int functions return 0, or -1 with e set. */
#ifndef MO_STORE_LINKS_H
#define MO_STORE_LINKS_H

#include "store/store.h"

/* Records a used token's hash (hex SHA-256) at now. 0 the first time, 1
 * when that hash was used already (nothing changes). */
int store_link_use(struct store *st, const char *hash, int64_t now, struct mo_err *e) MO_WUR;

/* 1 when hash was used already, 0 when not; -1 on error. */
int store_link_used(struct store *st, const char *hash, struct mo_err *e) MO_WUR;

struct store_contact_check {
	char person[64];
	char channel[64];     /* "email" or a webhook id */
	int64_t sent_at;      /* 0: never */
	int64_t confirmed_at; /* 0: never */
};

/* A test message went to person's channel at now. */
int store_contact_sent(struct store *st, const char *person, const char *channel, int64_t now,
		       struct mo_err *e) MO_WUR;
/* A human confirmed person's channel at now. */
int store_contact_confirmed(struct store *st, const char *person, const char *channel, int64_t now,
			    struct mo_err *e) MO_WUR;
/* Every recorded (person, channel), ordered by person then channel
 * (malloc'd array, the caller frees). */
int store_contact_list(struct store *st, struct store_contact_check **v, size_t *n,
		       struct mo_err *e) MO_WUR;

#endif
