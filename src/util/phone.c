/* Phone numbers typed in full width: see phone.h. */
#include "util/phone.h"

/* The ASCII for the character at s (*len bytes), or 0 when it has none. */
static char phone_char(const unsigned char *s, size_t *len)
{
	static const struct {
		const char *utf8;
		char ascii;
	} map[] = {
		{"\xef\xbc\x8d", '-'}, /* － FULLWIDTH HYPHEN-MINUS */
		{"\xe3\x83\xbc", '-'}, /* ー KATAKANA-HIRAGANA PROLONGED SOUND MARK */
		{"\xe2\x80\x90", '-'}, /* ‐ HYPHEN */
		{"\xe2\x80\x91", '-'}, /* NON-BREAKING HYPHEN */
		{"\xe2\x80\x92", '-'}, /* FIGURE DASH */
		{"\xe2\x80\x93", '-'}, /* – EN DASH */
		{"\xe2\x88\x92", '-'}, /* − MINUS SIGN */
		{"\xef\xbd\xb0", '-'}, /* ｰ HALFWIDTH PROLONGED SOUND MARK */
		{"\xef\xbc\x8b", '+'}, /* ＋ */
		{"\xef\xbc\x88", '('}, /* （ */
		{"\xef\xbc\x89", ')'}, /* ） */
		{"\xe3\x80\x80", ' '}, /* IDEOGRAPHIC SPACE */
	};

	*len = 1;
	if (s[0] < 0x80)
		return (char)s[0];
	if (!s[1] || !s[2])
		return 0;
	if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
		*len = 3;
		return (char)('0' + (s[2] - 0x90));
	}
	for (size_t i = 0; i < MO_ARRAY_SIZE(map); i++)
		if (memcmp(s, map[i].utf8, 3) == 0) {
			*len = 3;
			return map[i].ascii;
		}
	return 0;
}

int phone_normalize(const char *s, char *out, size_t size)
{
	size_t n = 0, len, digits = 0;
	bool phone = true;

	if (!s || !size)
		return -1;
	for (size_t i = 0; s[i]; i += len) {
		char c = phone_char((const unsigned char *)s + i, &len);

		if (!c)
			phone = false;
		else if (c >= '0' && c <= '9')
			digits++;
		else if (c != '-' && c != '+' && c != '(' && c != ')' && c != ' ')
			phone = false;
		if (!phone)
			break;
		if (c == ' ' && n == 0)
			continue;
		if (n + 1 >= size)
			return -1;
		out[n++] = c;
	}
	if (!phone || digits < 3 || digits > 15) {
		if (strlen(s) >= size)
			return -1;
		memcpy(out, s, strlen(s) + 1);
		return 0;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return 1;
}
