/* Message language: see i18n.h. */
#include "util/i18n.h"
#include "util/fs.h"

#include <locale.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static bool japanese;

static const char *env_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};

	for (size_t i = 0; i < MO_ARRAY_SIZE(vars); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "";
}

static void find_catalogs(char *out, size_t size)
{
	const char *env = getenv("MOSHIMO_LOCALEDIR");
	char exe[4096];
	ssize_t n;

	if (env && *env) {
		snprintf(out, size, "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;
		char cand[4200];
		int w;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			w = snprintf(cand, sizeof(cand), "%s/locale/ja/LC_MESSAGES/moshimo.mo",
				     exe);
			if (w > 0 && (size_t)w < sizeof(cand) && fs_exists(cand) &&
			    strlen(exe) + 8 < size) {
				memcpy(out, exe, strlen(exe));
				memcpy(out + strlen(exe), "/locale", 8);
				return;
			}
		}
	}
	snprintf(out, size, "%s", LOCALEDIR);
}

void i18n_init(void)
{
	char dir[4096];
	const char *loc = env_locale();

	japanese = loc[0] == 'j' && loc[1] == 'a';
	if (!setlocale(LC_ALL, "") && japanese) {
		/* A Japanese locale asked for but not installed: still speak
		 * Japanese, in a UTF-8 locale the C library always has. */
		setlocale(LC_ALL, "C.UTF-8");
		setenv("LANGUAGE", "ja", 1);
	}
	find_catalogs(dir, sizeof(dir));
	bindtextdomain("moshimo", dir);
	bind_textdomain_codeset("moshimo", "UTF-8");
	textdomain("moshimo");
}

bool i18n_is_japanese(void)
{
	return japanese;
}
