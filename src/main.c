/* moshimo: the entry point hands the command line to the CLI table. */
#include "cli/cli.h"
#include "util/i18n.h"

int main(int argc, char **argv)
{
	i18n_init();
	return cli_main(argc, argv);
}
