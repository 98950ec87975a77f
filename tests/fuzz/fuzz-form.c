/* libFuzzer target: any bytes as an application/x-www-form-urlencoded body
 * (form_parse), and every value through the text rules the server applies
 * to what people type (web_text_ok, engine_text_clean, web_local_path):
 * they must hold their promises, never crash or leak. */
#include "web/webInt.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_seq_len(p);

		if (!n)
			return false;
		p += n;
	}
	return true;
}

static void check_text(const char *v)
{
	if (!web_text_ok(v, true))
		return;
	for (int ml = 0; ml < 2; ml++) {
		char *c = engine_text_clean(v, ml);

		if (!c)
			continue;
		/* No CR survives, the result is still text, and one-line text
		 * has no bidi control or separator left. */
		if (strchr(c, '\r') || !valid_utf8(c) || strlen(c) > strlen(v))
			__builtin_trap();
		if (!ml && (strstr(c, "\xe2\x80\xae") || strstr(c, "\xe2\x80\xa8") ||
			    strstr(c, "\xe2\x81\xa6")))
			__builtin_trap();
		free(c);
	}
	if (web_local_path(v) && (v[0] != '/' || v[1] == '/' || strchr(v, '\\') || strchr(v, '\t')))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form f;

	memset(&f, 0, sizeof(f));
	if (form_parse((const char *)data, size, &f) == 0) {
		if (f.n > WEB_FORM_MAX)
			__builtin_trap();
		for (size_t i = 0; i < f.n; i++) {
			check_text(f.v[i].key);
			check_text(f.v[i].value);
		}
		form_release(&f);
	}
	return 0;
}
