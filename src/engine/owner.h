/* Incidents keep their words: an incident filed while the policy still had
 * 〇〇 〇〇 for a role's holder gets the holder the policy names now. */
#ifndef MO_ENGINE_OWNER_H
#define MO_ENGINE_OWNER_H

#include "engine/engine.h"

/* Every incident whose owner, or a step's person, is still a placeholder
 * gets the role's holder that en->p names now, with an "owner" event on its
 * timeline. Call inside a transaction (engine_tx). *changed: how many
 * incidents changed (may be NULL). 0, or -1 with e set. */
int engine_owner_refresh(struct engine *en, size_t *changed, struct mo_err *e) MO_WUR;

#endif
