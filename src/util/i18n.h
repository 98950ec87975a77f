/* Message language: gettext with the "moshimo" domain. Japanese when the
 * locale says so, English otherwise. */
#ifndef MO_I18N_H
#define MO_I18N_H

#include "util/common.h"

/* Sets the locale from the environment and finds the message catalogs:
 * next to the program (build tree: <dir>/locale), then the installed
 * LOCALEDIR, or $MOSHIMO_LOCALEDIR when set. */
void i18n_init(void);
/* True when messages are Japanese. */
bool i18n_is_japanese(void);

#endif
