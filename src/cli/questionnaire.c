/* The questionnaire: placeholder until the interactive version lands. */
#include "cli/questionnaire.h"

int cli_questionnaire(struct cli_ws *ws, struct inc *inc)
{
	(void)ws;
	(void)inc;
	mo_die_msg(_("give the report as JSON on standard input or with --file FILE"));
	return EXIT_DATA;
}
