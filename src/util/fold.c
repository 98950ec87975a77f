/* NFKC case folding through libunistring (util/fold.h). */
#include "util/fold.h"

#include <unicase.h>
#include <uninorm.h>

char *text_fold(const char *s, size_t len, size_t *out_len)
{
	size_t n = 0;
	uint8_t *f = NULL;
	char *out;

	errno = 0;
	if (len)
		f = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFKC, NULL, &n);
	if (!f) {
		/* EILSEQ: not UTF-8; the text is kept unfolded */
		if (errno == ENOMEM)
			return NULL;
		n = len;
		out = malloc(len + 1);
		if (!out)
			return NULL;
		memcpy(out, s, len);
	} else {
		out = realloc(f, n + 1);
		if (!out) {
			free(f);
			return NULL;
		}
	}
	out[n] = '\0';
	if (out_len)
		*out_len = n;
	return out;
}
