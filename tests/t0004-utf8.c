/* util/utf8.c: the validator's rejections, one row each (overlong forms,
 * surrogates, past U+10FFFF, truncated, stray continuation bytes, bytes
 * that never start a sequence), the boundaries it must accept, every 1-3
 * byte sequence and the 4-byte ones against an independent decoder, and
 * engine_text_ok refusing each bad row inside a text. */
#include "testutil.h"
#include "engine/engine.h"
#include "util/utf8.h"

static const struct {
	const char *why;
	const char *bytes; /* NUL-terminated; the sequence under test starts at 0 */
	size_t want;	   /* utf8_seq_len: 0 rejected */
} rows[] = {
	/* overlong forms */
	{"overlong '/' in 2 bytes", "\xc0\xaf", 0},
	{"overlong NUL in 2 bytes", "\xc0\x80", 0},
	{"overlong U+007F in 2 bytes", "\xc1\xbf", 0},
	{"overlong '/' in 3 bytes", "\xe0\x80\xaf", 0},
	{"overlong U+07FF in 3 bytes", "\xe0\x9f\xbf", 0},
	{"overlong '/' in 4 bytes", "\xf0\x80\x80\xaf", 0},
	{"overlong U+FFFF in 4 bytes", "\xf0\x8f\xbf\xbf", 0},
	{"5-byte form", "\xf8\x88\x80\x80\x80", 0},
	{"6-byte form", "\xfc\x84\x80\x80\x80\x80", 0},
	/* UTF-16 surrogates */
	{"high surrogate U+D800", "\xed\xa0\x80", 0},
	{"high surrogate U+DBFF", "\xed\xaf\xbf", 0},
	{"low surrogate U+DC00", "\xed\xb0\x80", 0},
	{"low surrogate U+DFFF", "\xed\xbf\xbf", 0},
	{"surrogate pair as CESU-8", "\xed\xa0\xbd\xed\xb8\x80", 0},
	/* past U+10FFFF */
	{"U+110000", "\xf4\x90\x80\x80", 0},
	{"U+13FFFF", "\xf4\xbf\xbf\xbf", 0},
	{"lead byte F5", "\xf5\x80\x80\x80", 0},
	{"lead byte F7", "\xf7\xbf\xbf\xbf", 0},
	{"byte FE", "\xfe", 0},
	{"byte FF", "\xff", 0},
	/* truncated */
	{"2-byte lead at the end", "\xc3", 0},
	{"3-byte lead at the end", "\xe3", 0},
	{"3-byte sequence missing 1", "\xe3\x81", 0},
	{"4-byte lead at the end", "\xf0", 0},
	{"4-byte sequence missing 2", "\xf0\x9f", 0},
	{"4-byte sequence missing 1", "\xf0\x9f\x98", 0},
	{"2-byte lead then ASCII",
	 "\xc3"
	 "A",
	 0},
	{"3-byte lead then ASCII",
	 "\xe3\x81"
	 "A",
	 0},
	{"4-byte lead then a new lead", "\xf0\x9f\x98\xe3\x81\x82", 0},
	/* stray continuation bytes */
	{"continuation 0x80 alone", "\x80", 0},
	{"continuation 0xBF alone", "\xbf", 0},
	{"two continuations", "\x80\x80", 0},
	/* accepted: the boundaries */
	{"NUL ends the string", "", 1},
	{"U+007F", "\x7f", 1},
	{"U+0080", "\xc2\x80", 2},
	{"U+07FF", "\xdf\xbf", 2},
	{"U+0800", "\xe0\xa0\x80", 3},
	{"U+D7FF (before the surrogates)", "\xed\x9f\xbf", 3},
	{"U+E000 (after the surrogates)", "\xee\x80\x80", 3},
	{"U+FFFD", "\xef\xbf\xbd", 3},
	{"U+FFFF", "\xef\xbf\xbf", 3},
	{"U+10000", "\xf0\x90\x80\x80", 4},
	{"U+10FFFF", "\xf4\x8f\xbf\xbf", 4},
	{"あ", "\xe3\x81\x82", 3},
	{"𠮷 (U+20BB7)", "\xf0\xa0\xae\xb7", 4},
};

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(rows); i++) {
		size_t got = utf8_seq_len((const unsigned char *)rows[i].bytes);

		if (got != rows[i].want) {
			fprintf(stderr, "%s: got %zu, want %zu\n", rows[i].why, got, rows[i].want);
			fail();
		}
	}
}

/* The length of the valid UTF-8 sequence at s (n bytes available), or 0,
 * by decoding the code point and checking it: RFC 3629's rule written the
 * other way round from utf8.c's lead-byte ranges. */
static size_t reference(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned long cp;
	static const unsigned long min[] = {0, 0, 0x80, 0x800, 0x10000};

	if (n == 0)
		return 0;
	if ((s[0] & 0x80) == 0)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void check(const unsigned char *s, size_t n)
{
	unsigned char buf[5] = {0};
	size_t got, want;

	memcpy(buf, s, n);
	/* The string ends after n bytes: a sequence needing more is truncated. */
	got = utf8_seq_len(buf);
	want = n && buf[0] == 0 ? 1 : reference(buf, n);
	if (got != want) {
		fprintf(stderr, "bytes");
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %02x", buf[i]);
		fprintf(stderr, ": got %zu, want %zu\n", got, want);
		fail();
	}
}

static void test_every_short_sequence(void **state)
{
	unsigned char s[4];

	(void)state;
	for (unsigned a = 1; a < 256; a++) {
		s[0] = (unsigned char)a;
		check(s, 1);
		for (unsigned b = 1; b < 256; b++) {
			s[1] = (unsigned char)b;
			check(s, 2);
			for (unsigned c = 1; c < 256; c++) {
				s[2] = (unsigned char)c;
				check(s, 3);
			}
		}
	}
}

static void test_four_byte_sequences(void **state)
{
	/* Every lead and second byte; the last two from both ends of each class. */
	static const unsigned char tail[] = {0x01, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
	unsigned char s[4];

	(void)state;
	for (unsigned a = 0xc0; a < 256; a++) {
		s[0] = (unsigned char)a;
		for (unsigned b = 1; b < 256; b++) {
			s[1] = (unsigned char)b;
			for (size_t c = 0; c < sizeof(tail); c++) {
				s[2] = tail[c];
				for (size_t d = 0; d < sizeof(tail); d++) {
					s[3] = tail[d];
					check(s, 4);
				}
			}
		}
	}
}

static void test_text_ok_refuses_each_row(void **state)
{
	char text[64];
	struct mo_err e;

	(void)state;
	for (size_t i = 0; i < MO_ARRAY_SIZE(rows); i++) {
		bool control = rows[i].bytes[0] == 0x7f; /* valid UTF-8, refused as control */
		int rc;

		snprintf(text, sizeof(text), "報告%sです", rows[i].bytes);
		rc = engine_text_ok("title", text, 1000, false, &e);
		if ((rc == 0) != (rows[i].want != 0 && !control)) {
			fprintf(stderr, "engine_text_ok, %s: %d\n", rows[i].why, rc);
			fail();
		}
		if (rc) {
			assert_int_equal(e.code, MO_EINVAL);
			assert_non_null(strstr(e.msg, control ? "control" : "UTF-8"));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_every_short_sequence),
		cmocka_unit_test(test_four_byte_sequences),
		cmocka_unit_test(test_text_ok_refuses_each_row),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
