/* moshimo report --mail (cmd_report_mail.c): cmd_report hands over when
 * its arguments hold --mail. Returns a sysexits(3) code. */
#ifndef MO_CLI_REPORT_MAIL_H
#define MO_CLI_REPORT_MAIL_H

#include "cli/cli.h"

int cli_report_mail(struct cli_ctx *ctx, int argc, char **argv);

#endif
