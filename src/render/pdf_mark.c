/* Placeholders printed highlighted: a printed manual shows at a glance
 * what the company has not filled in yet. */
#include "render/pdf.h"

#include "policy/policy.h"

/* The length of the placeholder mark at s (〇 ○ △ ◇ ＊ *), or 0. */
static size_t mark_len(const char *s, const char *end)
{
	static const char *const marks[] = {"〇", "○", "△", "◇", "＊", "*"};

	for (size_t i = 0; i < MO_ARRAY_SIZE(marks); i++) {
		size_t n = strlen(marks[i]);

		if ((size_t)(end - s) >= n && memcmp(s, marks[i], n) == 0)
			return n;
	}
	return 0;
}

/* The length of the group of two or more marks at s, or 0. */
static size_t group_len(const char *s, const char *end)
{
	size_t len = 0, count = 0, k;

	while ((k = mark_len(s + len, end)) > 0) {
		len += k;
		count++;
	}
	return count >= 2 ? len : 0;
}

/* The placeholder at s: a group of marks, and further groups after single
 * spaces ("〇〇 〇〇"). Returns its length, or 0. */
static size_t placeholder_at(const char *s, const char *end)
{
	size_t len = group_len(s, end), g, sp;

	if (!len)
		return 0;
	for (;;) {
		const char *at = s + len;

		sp = (size_t)(end - at) >= 3 && memcmp(at, "　", 3) == 0 ? 3
		     : at < end && *at == ' '				 ? 1
									 : 0;
		if (!sp || !(g = group_len(at + sp, end)))
			return len;
		len += sp + g;
	}
}

void pdf_add_marked(struct layout *L, unsigned style, const char *text, size_t len,
		    const char *href)
{
	const char *s = text, *plain = text, *end = text + len;

	if (!text || !len)
		return;
	if (href) {
		char *copy = strndup(text, len);

		if (!copy) {
			layout_fail(L, "%s", _("out of memory"));
			return;
		}
		layout_add_link(L, style | (policy_is_placeholder(copy) ? LAYOUT_MARK : 0), copy,
				href);
		free(copy);
		return;
	}
	while (s < end) {
		size_t n = placeholder_at(s, end);

		if (!n) {
			s++;
			continue;
		}
		layout_addn(L, style, plain, (size_t)(s - plain));
		layout_addn(L, style | LAYOUT_MARK, s, n);
		s += n;
		plain = s;
	}
	layout_addn(L, style, plain, (size_t)(s - plain));
}

void pdf_add_str(struct layout *L, unsigned style, const char *text)
{
	if (text)
		pdf_add_marked(L, style, text, strlen(text), NULL);
}
