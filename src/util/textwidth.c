/* Terminal width of UTF-8 text: see textwidth.h. Our own table rather than
 * wcwidth(), so the result does not depend on the locale's LC_CTYPE. */
#include "util/textwidth.h"

/* Ranges of code points two columns wide (after Unicode's East Asian Width
 * W and F classes, the parts Japanese text uses). */
static const struct {
	uint32_t lo, hi;
} wide[] = {
	{0x1100, 0x115F},   {0x2E80, 0x303E},	{0x3041, 0x33FF},   {0x3400, 0x4DBF},
	{0x4E00, 0x9FFF},   {0xA000, 0xA4CF},	{0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
	{0xFE30, 0xFE4F},   {0xFF00, 0xFF60},	{0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
	{0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Decodes one UTF-8 sequence at s; returns its length (1 for a bad byte). */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, *cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, *cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, *cp = s[0] & 0x07;
	else
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}

size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (p && *p) {
		uint32_t cp;
		size_t cols = 1;

		p += decode(p, &cp);
		if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B ||
		    (cp >= 0xFE00 && cp <= 0xFE0F))
			cols = 0; /* combining marks and variation selectors */
		for (size_t i = 0; cols && i < MO_ARRAY_SIZE(wide); i++)
			if (cp >= wide[i].lo && cp <= wide[i].hi)
				cols = 2;
		w += cols;
	}
	return w;
}

int buf_add_padded(struct buf *b, const char *s, size_t width)
{
	size_t w = text_width(s);

	if (buf_adds(b, s))
		return -1;
	while (w++ < width)
		if (buf_addc(b, ' '))
			return -1;
	return 0;
}
