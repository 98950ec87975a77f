/* The report questionnaire for a terminal (Japanese, from the policy). */
#ifndef MO_CLI_QUESTIONNAIRE_H
#define MO_CLI_QUESTIONNAIRE_H

#include "cli/workspace.h"

/* Asks what happened and the impact questions on the terminal and fills
 * inc (already initialised). Returns EXIT_OK, or EXIT_DATA when the input
 * ended or the reporter cancelled. */
int cli_questionnaire(struct cli_ws *ws, struct inc *inc);

#endif
