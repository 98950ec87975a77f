/* moshimo serve: the web app and the JSON API (web/). */
#include "cli/workspace.h"
#include "util/strnum.h"
#include "web/web.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <locale.h>

/* The pages are Japanese, so are the engine's messages they show: the
 * server speaks Japanese whatever the locale of the shell it starts in. */
static void speak_japanese(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);

	setenv("LANGUAGE", "ja", 1);
	if (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0)
		setlocale(LC_ALL, "C.UTF-8");
	textdomain("moshimo");
}

int cmd_serve(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"tls-cert", required_argument, NULL, 'c'},
		{"tls-key", required_argument, NULL, 'k'},
		{"threads", required_argument, NULL, 't'},
		{"no-access-log", no_argument, NULL, 'q'},
		{"print-routes", no_argument, NULL, 'R'},
		{"public-url", required_argument, NULL, 'u'},
		{"trusted-proxy", required_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	struct web_config cfg = {.listen = "127.0.0.1:8080", .access_log = true, .out = stdout};
	struct mo_err e;
	long threads;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			cfg.listen = optarg;
			break;
		case 'c':
			cfg.tls_cert = optarg;
			break;
		case 'k':
			cfg.tls_key = optarg;
			break;
		case 't':
			if (str_to_long(optarg, 1, 64, &threads))
				return cli_usage_error(ctx,
						       _("--threads wants a number from 1 to 64"));
			cfg.threads = (unsigned)threads;
			break;
		case 'q':
			cfg.access_log = false;
			break;
		case 'R':
			web_print_routes(stdout);
			return EXIT_OK;
		case 'u':
			if (strncmp(optarg, "http://", 7) != 0 &&
			    strncmp(optarg, "https://", 8) != 0)
				return cli_usage_error(
					ctx, _("--public-url wants an http:// or https:// URL"));
			cfg.public_url = optarg;
			break;
		case 'P': {
			unsigned char bin[sizeof(struct in6_addr)];

			if (inet_pton(AF_INET, optarg, bin) != 1 &&
			    inet_pton(AF_INET6, optarg, bin) != 1)
				return cli_usage_error(
					ctx,
					_("--trusted-proxy wants an IP address, e.g. 127.0.0.1"));
			cfg.trusted_proxy = optarg;
			break;
		}
		default:
			return cli_bad_option(ctx, argc, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx, _("too many arguments"));
	if ((cfg.tls_cert == NULL) != (cfg.tls_key == NULL))
		return cli_usage_error(ctx, _("--tls-cert and --tls-key go together"));
	cfg.data_dir = ctx->data_dir;
	{
		/* What a crash left behind: evidence copies, upload folders. */
		struct cli_ws ws;
		int rc = cli_ws_open(ctx, &ws, WS_WRITE | WS_SERVE, NULL);

		if (rc)
			return rc;
		cli_ws_close(&ws);
	}
	speak_japanese();
	mo_err_clear(&e);
	if (web_serve(&cfg, &e)) {
		return cli_fail(&e);
	}
	return EXIT_OK;
}
