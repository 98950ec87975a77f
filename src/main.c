/* moshimo: the entry point hands the command line to the CLI table. */
#include "cli/cli.h"
#include "util/i18n.h"

#include <sys/stat.h>

int main(int argc, char **argv)
{
	/* Incidents are confidential: every file moshimo creates is 0600 and
	 * every folder 0700, including SQLite's -wal and -shm files. */
	umask(077);
	i18n_init();
	return cli_main(argc, argv);
}
