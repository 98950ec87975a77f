/* The 緊急連絡カード as PDF: a sheet of ten wallet-size cards (91 × 55 mm,
 * fronts on page 1, backs on page 2 mirrored for long-edge duplex
 * printing, crop marks in the margins) and an A4 poster for the office
 * door (page 3). Every text comes from the policy: the first three things
 * to do from the policy's card: (else the signs' do/dont lists), the
 * contacts from the contact chain and its people, the QR code from
 * organization.report_url; no authority numbers (those are for the
 * responders' pages). Only the headings are our own words. */
#include "render/renderInt.h"

#include "render/pdf.h"

#define MM(x) LAYOUT_MM(x)
#define CARD_W MM(91.0)
#define CARD_H MM(55.0)
#define SHEET_COLS 2
#define SHEET_ROWS 5
#define MAX_CONTACTS 8
#define MAX_DESKS 6
#define MAX_DONTS 4

/* A sign's action: the words and the reason in brackets after them,
 * "電源を切らない (記録が消えます)" → "電源を切らない" + "記録が消えます". */
struct action {
	const char *text;
	size_t len;
	const char *detail; /* or NULL */
	size_t dlen;
	bool dont;
};

struct contact {
	const char *role;	    /* the role's title */
	const char *holder;	    /* or NULL */
	const struct mo_person *pe; /* or NULL: nobody holds it */
};

struct card {
	const struct policy *p;
	struct action first[3];
	size_t nfirst;
	struct action donts[MAX_DONTS];
	size_t ndonts;
	struct contact contacts[MAX_CONTACTS];
	size_t ncontacts;
	struct contact call; /* whom the first three say to call */
	const struct mo_authority *desks[MAX_DESKS];
	size_t ndesks;
	char date[64]; /* the revision's date, Japanese */
};

/* ---- What the card says -------------------------------------------------- */

static void split_action(const char *s, bool dont, struct action *a)
{
	size_t len = strlen(s);
	const char *open = NULL;

	a->text = s;
	a->len = len;
	a->detail = NULL;
	a->dlen = 0;
	a->dont = dont;
	if (len > 1 && s[len - 1] == ')')
		open = strrchr(s, '(');
	else if (len > 3 && strcmp(s + len - 3, "）") == 0)
		for (const char *f = strstr(s, "（"); f; f = strstr(f + 3, "（"))
			open = f;
	if (!open || open == s)
		return;
	a->detail = open + (*open == '(' ? 1 : 3);
	a->dlen = (size_t)(s + len - (*open == '(' ? 1 : 3) - a->detail);
	a->len = (size_t)(open - s);
	while (a->len && s[a->len - 1] == ' ')
		a->len--;
	if (!a->len) {
		a->len = len;
		a->detail = NULL;
		a->dlen = 0;
	}
}

/* The most common do (or dont) action that is not in skip[0..nskip), shared
 * by at least min signs; NULL when there is none. Ties go to the one the
 * policy lists first. */
static const char *most_common(const struct policy *p, bool dont, const char *const *skip,
			       size_t nskip, size_t min)
{
	size_t n;
	const char *best = policy_common_action(p, dont, skip, nskip, &n);

	return best && n >= min ? best : NULL;
}

/* The role whose title the text names (the longest such title). */
static const struct mo_role *role_named_in(const struct policy *p, const char *text)
{
	const struct mo_role *best = NULL;

	for (size_t i = 0; text && i < p->n_roles; i++) {
		const struct mo_role *r = &p->roles[i];

		if (r->title && *r->title && strstr(text, r->title) &&
		    (!best || strlen(r->title) > strlen(best->title)))
			best = r;
	}
	return best;
}

static const struct mo_person *first_reachable(const struct policy *p, const char *role)
{
	const struct mo_person *pe[MAX_CONTACTS];
	size_t n = policy_role_people(p, role, pe, MAX_CONTACTS);

	for (size_t i = 0; i < n; i++)
		if (pe[i]->phone)
			return pe[i];
	return n ? pe[0] : NULL;
}

/* The first three things: the most common action (after calling), the most
 * common thing not to do, and the call everyone is told to make; from the
 * employee's own first steps when the policy lists no signs. */
static void pick_first(struct card *c)
{
	const struct policy *p = c->p;
	const char *call = most_common(p, false, NULL, 0, 1);
	const char *act = call ? most_common(p, false, &call, 1, 2) : NULL;
	const char *dont = most_common(p, true, NULL, 0, 2);
	const char *taken[MAX_DONTS];

	/* The policy's own card: its first things in order (the call first). */
	if (p->card.first.n) {
		call = p->card.first.v[0];
		for (size_t i = 0; i < p->card.first.n && c->nfirst < 3; i++)
			split_action(p->card.first.v[i], false, &c->first[c->nfirst++]);
		if (c->nfirst < 3 && p->card.dont.n)
			split_action(p->card.dont.v[0], true, &c->first[c->nfirst++]);
		for (size_t i = 0; i < p->card.dont.n && c->ndonts < MAX_DONTS; i++)
			split_action(p->card.dont.v[i], true, &c->donts[c->ndonts++]);
		goto whom;
	}

	if (act)
		split_action(act, false, &c->first[c->nfirst++]);
	if (dont)
		split_action(dont, true, &c->first[c->nfirst++]);
	if (call)
		split_action(call, false, &c->first[c->nfirst++]);
	if (!c->nfirst && p->n_self_help) {
		const struct mo_self_help *h = &p->self_help[0];

		for (size_t i = 0; i < h->steps.n && c->nfirst < 3; i++)
			split_action(h->steps.v[i], false, &c->first[c->nfirst++]);
	}
	/* Neither: the first step of each procedure, which the one who
	 * notices takes. */
	for (size_t i = 0; !call && i < p->n_playbooks && c->nfirst < 3; i++) {
		const char *a = p->playbooks[i].n_steps ? p->playbooks[i].steps[0].action : NULL;
		bool seen = !a;

		for (size_t j = 0; j < c->nfirst && !seen; j++)
			seen = strcmp(c->first[j].text, a) == 0;
		if (!seen)
			split_action(a, false, &c->first[c->nfirst++]);
	}

	/* What not to do, for the poster: every action not to take that more
	 * than one kind of incident shares, the most common first. */
	while (c->ndonts < MAX_DONTS) {
		const char *d;

		/* An action's text starts where the policy's string does. */
		for (size_t i = 0; i < c->ndonts; i++)
			taken[i] = c->donts[i].text;
		d = most_common(p, true, taken, c->ndonts, 2);
		if (!d)
			break;
		split_action(d, true, &c->donts[c->ndonts++]);
	}

	/* Whom to call: the role the call names, else the chain's first. */
whom : {
	const struct mo_role *r = role_named_in(p, call);

	if (!r && p->chain.roles.n)
		r = policy_role(p, p->chain.roles.v[0]);
	if (r) {
		c->call.role = r->title;
		c->call.holder = r->holder;
		c->call.pe = first_reachable(p, r->id);
	}
}
}

static void pick_contacts(struct card *c)
{
	const struct policy *p = c->p;

	for (size_t i = 0; i < p->chain.roles.n && c->ncontacts < MAX_CONTACTS; i++) {
		const char *id = p->chain.roles.v[i];
		const struct mo_role *r = policy_role(p, id);
		const struct mo_person *pe[MAX_CONTACTS];
		size_t n = policy_role_people(p, id, pe, MAX_CONTACTS);

		for (size_t k = 0; k < (n ? n : 1) && c->ncontacts < MAX_CONTACTS; k++) {
			struct contact *ct = &c->contacts[c->ncontacts++];

			ct->role = policy_role_title(p, id);
			ct->holder = r ? r->holder : NULL;
			ct->pe = n ? pe[k] : NULL;
		}
	}
	/* No chain in the policy: everyone it lists, in its order. */
	for (size_t i = 0; !p->chain.roles.n && i < p->n_people && c->ncontacts < MAX_CONTACTS;
	     i++) {
		const struct mo_person *pe = &p->people[i];
		const struct mo_role *r = pe->roles.n ? policy_role(p, pe->roles.v[0]) : NULL;
		struct contact *ct = &c->contacts[c->ncontacts++];

		ct->role = r ? r->title : (pe->roles.n ? pe->roles.v[0] : NULL);
		ct->holder = r ? r->holder : NULL;
		ct->pe = pe;
	}
	if (!c->call.role && !c->call.pe) {
		for (size_t i = 0; i < c->ncontacts; i++) {
			if (c->contacts[i].pe && c->contacts[i].pe->phone) {
				c->call = c->contacts[i];
				break;
			}
		}
	}
	/* No authority numbers on the employee's card and poster: the
	 * employee calls inside the company; the desks are for the
	 * responders (the manual's 届出及び相談). c->desks stays empty. */
}

/* ---- Text helpers --------------------------------------------------------- */

static void add_marked(struct layout *L, unsigned style, const char *text, size_t len)
{
	pdf_add_marked(L, style, text, len, NULL);
}

static void add_str(struct layout *L, unsigned style, const char *text)
{
	pdf_add_str(L, style, text);
}

/* An authority's short name: the abbreviation in its brackets, "IPA/ISEC",
 * else the whole name. */
static void add_org_short(struct layout *L, unsigned style, const char *org)
{
	const char *open = strrchr(org, '(');
	size_t len = strlen(org);

	if (open && len && org[len - 1] == ')' && open + 1 < org + len - 1)
		layout_addn(L, style, open + 1, (size_t)(org + len - 1 - (open + 1)));
	else
		layout_add(L, style, org);
}

/* Text in a box, vertically centred on cy. */
static void text_mid(struct layout *L, double x, double cy, double w, const struct layout_font *f,
		     enum layout_align a)
{
	double h = layout_text_height(L, w, f);

	layout_text_at(L, x, cy - h / 2, w, f, a);
}

/* A filled circle with a number in it. */
static void disc(struct layout *L, double cx, double cy, double d, uint32_t fill, int n,
		 double size)
{
	const struct layout_font f = {LAYOUT_SANS, size, true, LAYOUT_WHITE, 1.0};
	char num[16];

	layout_round_rect(L, cx - d / 2, cy - d / 2, d, d, d / 2, fill, LAYOUT_NONE, 0);
	snprintf(num, sizeof(num), "%d", n);
	layout_add(L, 0, num);
	text_mid(L, cx - d / 2, cy, d, &f, LAYOUT_CENTER);
}

static void add_action(struct layout *L, const struct action *a, bool with_detail)
{
	add_marked(L, 0, a->text, a->len);
	if (with_detail && a->detail) {
		layout_newline(L);
		add_marked(L, LAYOUT_SMALL, a->detail, a->dlen);
	}
}

/* ---- The card ------------------------------------------------------------- */

/* "まず、この3つ" (or as many as the policy gives). */
static const char *first_heading(const struct card *c)
{
	static const char *const h[] = {"まず、これを", "まず、これを", "まず、この2つ",
					"まず、この3つ"};

	return h[c->nfirst < MO_ARRAY_SIZE(h) ? c->nfirst : MO_ARRAY_SIZE(h) - 1];
}

static void card_front(struct layout *L, const struct card *c, double x, double y)
{
	const char *url = c->p->org.report_url;
	const struct layout_font title = {LAYOUT_SANS, 10.5, true, LAYOUT_WHITE, 1.0};
	const struct layout_font org = {LAYOUT_SANS, 6.0, false, LAYOUT_WHITE, 1.0};
	const struct layout_font label = {LAYOUT_SANS, 6.2, true, LAYOUT_RED, 1.0};
	const struct layout_font tiny = {LAYOUT_SANS, 5.4, false, LAYOUT_GREY, 1.0};
	const struct layout_font who = {LAYOUT_SANS, 6.2, false, LAYOUT_INK, 1.0};
	const struct layout_font phone = {LAYOUT_SANS, 11.0, true, LAYOUT_NAVY, 1.0};
	double band = MM(10), foot = MM(11.5), tx = x + MM(10.5), min_h = MM(4.6);
	double tw = (url ? MM(63) : MM(87)) - MM(10.5);
	double top = y + band + MM(6.0), room = y + CARD_H - foot - MM(1.2) - top;
	struct layout_font item = {LAYOUT_SANS, 8.6, true, LAYOUT_INK, 1.0};
	double hs[3] = {0}, total, gap;

	layout_fill_rect(L, x, y, CARD_W, band, LAYOUT_RED);
	layout_add(L, 0, "緊急連絡カード");
	text_mid(L, x + MM(4), y + band / 2, MM(40), &title, LAYOUT_LEFT);
	add_str(L, 0, c->p->org.name);
	text_mid(L, x + MM(40), y + band / 2, CARD_W - MM(44), &org, LAYOUT_RIGHT);

	layout_add(L, 0, first_heading(c));
	layout_text_at(L, x + MM(4), y + band + MM(1.6), MM(50), &label, LAYOUT_LEFT);

	/* The three, set smaller until they fit, spread over the room. */
	for (;;) {
		total = 0;
		for (size_t i = 0; i < c->nfirst; i++) {
			add_action(L, &c->first[i], true);
			hs[i] = layout_text_height(L, tw, &item);
			layout_discard(L);
			total += hs[i] > min_h ? hs[i] : min_h;
		}
		if (total + c->nfirst * MM(0.8) <= room || item.size < 6.0)
			break;
		item.size -= 0.3;
	}
	gap = c->nfirst ? (room - total) / (double)c->nfirst : 0;
	if (gap > MM(2.4))
		gap = MM(2.4);
	for (size_t i = 0; i < c->nfirst; i++) {
		double h = hs[i] > min_h ? hs[i] : min_h;

		disc(L, x + MM(6.2), top + min_h / 2, MM(4.4),
		     c->first[i].dont ? LAYOUT_RED : LAYOUT_NAVY, (int)i + 1, 7.0);
		add_action(L, &c->first[i], true);
		layout_text_at(L, tx, top + (hs[i] < min_h ? (min_h - hs[i]) / 2 : 0), tw, &item,
			       LAYOUT_LEFT);
		top += h + gap;
	}

	if (url) {
		double qs = MM(22), qx = x + CARD_W - MM(2.5) - qs, qy = y + band + MM(1.0);

		layout_qr(L, qx, qy, qs, url);
		layout_add(L, 0, "報告フォーム");
		layout_text_at(L, qx, qy + qs - MM(1.2), qs, &tiny, LAYOUT_CENTER);
	}

	/* Whom to call, with the number large. */
	layout_fill_rect(L, x, y + CARD_H - foot, CARD_W, foot, LAYOUT_TINT);
	layout_add(L, LAYOUT_BOLD, "すぐに連絡");
	layout_newline(L);
	add_str(L, 0, c->call.role);
	if (c->call.pe) {
		layout_add(L, 0, "　");
		add_str(L, 0, c->call.pe->name);
	}
	text_mid(L, x + MM(4), y + CARD_H - foot / 2, MM(42), &who, LAYOUT_LEFT);
	if (c->call.pe && c->call.pe->phone)
		add_str(L, 0, c->call.pe->phone);
	else
		layout_add(L, LAYOUT_MARK, "（電話番号が未登録）");
	text_mid(L, x + MM(44), y + CARD_H - foot / 2, CARD_W - MM(48), &phone, LAYOUT_RIGHT);
}

static void card_back(struct layout *L, const struct card *c, double x, double y)
{
	const struct layout_font title = {LAYOUT_SANS, 8.6, true, LAYOUT_WHITE, 1.0};
	const struct layout_font org = {LAYOUT_SANS, 5.6, false, LAYOUT_WHITE, 1.0};
	const struct layout_font role = {LAYOUT_SANS, 6.0, true, LAYOUT_INK, 1.0};
	const struct layout_font name = {LAYOUT_SANS, 6.0, false, LAYOUT_INK, 1.0};
	const struct layout_font phone = {LAYOUT_SANS, 8.4, true, LAYOUT_NAVY, 1.0};
	const struct layout_font label = {LAYOUT_SANS, 5.6, true, LAYOUT_NAVY, 1.0};
	const struct layout_font desk = {LAYOUT_SANS, 5.0, false, LAYOUT_INK, 1.0};
	const struct layout_font dtel = {LAYOUT_SANS, 5.8, true, LAYOUT_INK, 1.0};
	double band = MM(8), row, drow = MM(3.5), desks_h = 0;
	double cy = y + band + MM(1.0), bottom = y + CARD_H - MM(2.0);
	size_t nrows = c->ncontacts, ndesks = c->ndesks;

	/* The desks take what the contacts leave, but at least two lines of
	 * them when there are any. */
	if (ndesks) {
		size_t fit = (size_t)((bottom - cy - MM(5.2) * (double)nrows - MM(4.5)) / drow);

		if (fit < ndesks)
			ndesks = fit < 2 ? 2 : fit;
		desks_h = MM(4.5) + drow * (double)ndesks;
	}
	row = nrows ? (bottom - cy - desks_h) / (double)nrows : 0;
	if (row > MM(7.0))
		row = MM(7.0);
	if (row < MM(4.6) && nrows) {
		row = MM(4.6);
		nrows = (size_t)((bottom - cy - desks_h) / row);
	}

	layout_fill_rect(L, x, y, CARD_W, band, LAYOUT_NAVY);
	layout_add(L, 0, "緊急連絡先");
	text_mid(L, x + MM(4), y + band / 2, MM(30), &title, LAYOUT_LEFT);
	add_str(L, 0, c->p->org.name);
	text_mid(L, x + MM(34), y + band / 2, CARD_W - MM(38), &org, LAYOUT_RIGHT);

	for (size_t i = 0; i < nrows; i++) {
		const struct contact *ct = &c->contacts[i];
		double mid = cy + row / 2;

		disc(L, x + MM(5.5), mid, MM(3.4), LAYOUT_NAVY, (int)i + 1, 5.6);
		add_str(L, 0, ct->role);
		if (ct->holder && strcmp(ct->holder, ct->role) != 0) {
			layout_newline(L);
			add_str(L, LAYOUT_SMALL, ct->holder);
		}
		text_mid(L, x + MM(8.5), mid, MM(30), &role, LAYOUT_LEFT);
		if (ct->pe)
			add_str(L, 0, ct->pe->name);
		else
			layout_add(L, LAYOUT_MARK, "（未登録）");
		text_mid(L, x + MM(39), mid, MM(19), &name, LAYOUT_LEFT);
		if (ct->pe && ct->pe->phone)
			add_str(L, 0, ct->pe->phone);
		else
			layout_add(L, LAYOUT_MUTED, "—");
		text_mid(L, x + MM(57), mid, MM(31), &phone, LAYOUT_RIGHT);
		if (i + 1 < nrows)
			layout_line(L, x + MM(3.5), cy + row, x + CARD_W - MM(3.5), cy + row, 0.4,
				    LAYOUT_RULE);
		cy += row;
	}

	if (ndesks) {
		cy = bottom - desks_h + MM(0.8);
		layout_line(L, x + MM(3.5), cy - MM(0.6), x + CARD_W - MM(3.5), cy - MM(0.6), 0.6,
			    LAYOUT_NAVY);
		layout_add(L, 0, "届出・相談先");
		layout_text_at(L, x + MM(4), cy, MM(40), &label, LAYOUT_LEFT);
		cy += MM(3.7);
		for (size_t i = 0; i < ndesks; i++) {
			const struct mo_authority *a = c->desks[i];
			double mid = cy + drow / 2;

			add_org_short(L, LAYOUT_BOLD, a->organization);
			layout_add(L, 0, "　");
			layout_add(L, 0, a->name);
			text_mid(L, x + MM(4), mid, MM(64), &desk, LAYOUT_LEFT);
			layout_add(L, 0, a->tel);
			text_mid(L, x + MM(66), mid, MM(21), &dtel, LAYOUT_RIGHT);
			cy += drow;
		}
	}
}

/* Crop marks in the sheet's margins, on every cut line. */
static void crop_marks(struct layout *L, double x0, double y0)
{
	double pw = layout_page_width(L), ph = layout_page_height(L), gap = MM(2.5);

	for (int c = 0; c <= SHEET_COLS; c++) {
		double x = x0 + c * CARD_W;

		layout_line(L, x, MM(3), x, y0 - gap, 0.3, 0x000000);
		layout_line(L, x, y0 + SHEET_ROWS * CARD_H + gap, x, ph - MM(3), 0.3, 0x000000);
	}
	for (int r = 0; r <= SHEET_ROWS; r++) {
		double y = y0 + r * CARD_H;

		layout_line(L, MM(3), y, x0 - gap, y, 0.3, 0x000000);
		layout_line(L, x0 + SHEET_COLS * CARD_W + gap, y, pw - MM(3), y, 0.3, 0x000000);
	}
}

static void sheet(struct layout *L, const struct card *c, bool back)
{
	const struct layout_font note = {LAYOUT_SANS, 6.0, false, LAYOUT_GREY, 1.0};
	double pw = layout_page_width(L), ph = layout_page_height(L);
	double x0 = (pw - SHEET_COLS * CARD_W) / 2, y0 = (ph - SHEET_ROWS * CARD_H) / 2;

	layout_new_page(L);
	layout_bookmark(L, 1, back ? "緊急連絡カード（裏面）" : "緊急連絡カード（表面）", 0);
	for (int r = 0; r < SHEET_ROWS; r++) {
		for (int col = 0; col < SHEET_COLS; col++) {
			/* Long-edge duplex turns the sheet over left to right. */
			int place = back ? SHEET_COLS - 1 - col : col;
			double x = x0 + place * CARD_W, y = y0 + r * CARD_H;

			if (back)
				card_back(L, c, x, y);
			else
				card_front(L, c, x, y);
			layout_stroke_rect(L, x, y, CARD_W, CARD_H, 0.25, 0xd0d0d0);
		}
	}
	crop_marks(L, x0, y0);
	layout_add(
		L, 0,
		back ? "裏面：表面と両面印刷（長辺とじ）してください"
		     : "表面：A4に等倍で両面印刷（長辺とじ）し、トンボに合わせて切り取ってください");
	layout_text_at(L, x0 + MM(4), ph - y0 + MM(2.8), CARD_W * 2 - MM(8), &note, LAYOUT_LEFT);
}

/* ---- The poster ------------------------------------------------------------ */

/* Sizes on the poster are multiplied by scale, which poster() lowers
 * until the body fits above the foot. */

static double poster_heading(struct layout *L, const char *text, double x, double y, double w,
			     double k)
{
	const struct layout_font f = {LAYOUT_SANS, 15.0 * k, true, LAYOUT_NAVY, 1.0};
	double h;

	layout_add(L, 0, text);
	h = layout_text_at(L, x + MM(3), y, w, &f, LAYOUT_LEFT);
	layout_fill_rect(L, x, y + 2, MM(1.3), h - 4, LAYOUT_RED);
	return h + MM(2.5) * k;
}

static double poster_first(struct layout *L, const struct card *c, double x, double y, double w,
			   double k)
{
	const struct layout_font main = {LAYOUT_SANS, 21.0 * k, true, LAYOUT_INK, 1.0};
	const struct layout_font detail = {LAYOUT_SANS, 11.0 * k, false, LAYOUT_GREY, 1.0};
	double y0 = y, d = MM(15) * k, tx = x + MM(9) + d, tw = w - (tx - x) - MM(4);

	for (size_t i = 0; i < c->nfirst; i++) {
		const struct action *a = &c->first[i];
		uint32_t ink = a->dont ? LAYOUT_RED : LAYOUT_NAVY;
		double h, bh, ty;

		add_marked(L, 0, a->text, a->len);
		h = layout_text_height(L, tw, &main);
		layout_discard(L);
		if (a->detail) {
			add_marked(L, 0, a->detail, a->dlen);
			h += MM(1) * k + layout_text_height(L, tw, &detail);
			layout_discard(L);
		}
		bh = h + MM(8) * k > MM(22) * k ? h + MM(8) * k : MM(22) * k;
		layout_round_rect(L, x, y, w, bh, MM(3), a->dont ? LAYOUT_ALERT_TINT : LAYOUT_TINT,
				  ink, 1.2);
		disc(L, x + MM(4) + d / 2, y + bh / 2, d, ink, (int)i + 1, 24.0 * k);
		ty = y + (bh - h) / 2;
		add_marked(L, 0, a->text, a->len);
		ty += layout_text_at(L, tx, ty, tw, &main, LAYOUT_LEFT);
		if (a->detail) {
			add_marked(L, 0, a->detail, a->dlen);
			layout_text_at(L, tx, ty + MM(1) * k, tw, &detail, LAYOUT_LEFT);
		}
		y += bh + MM(3.5) * k;
	}
	return y - y0;
}

static double poster_contacts(struct layout *L, const struct card *c, double x, double y, double w,
			      double k)
{
	const struct layout_font role = {LAYOUT_SANS, 12.0 * k, true, LAYOUT_INK, 1.0};
	const struct layout_font name = {LAYOUT_SANS, 11.5 * k, false, LAYOUT_INK, 1.0};
	const struct layout_font phone = {LAYOUT_SANS, 20.0 * k, true, LAYOUT_NAVY, 1.0};
	double row = MM(12.5) * k, y0 = y, rx = x + MM(12);

	for (size_t i = 0; i < c->ncontacts; i++) {
		const struct contact *ct = &c->contacts[i];
		double mid = y + row / 2;

		disc(L, x + MM(5), mid, MM(7) * k, LAYOUT_NAVY, (int)i + 1, 12.0 * k);
		add_str(L, 0, ct->role);
		if (ct->holder && strcmp(ct->holder, ct->role) != 0) {
			layout_newline(L);
			add_str(L, LAYOUT_SMALL, ct->holder);
		}
		text_mid(L, rx, mid, w * 0.36, &role, LAYOUT_LEFT);
		if (ct->pe)
			add_str(L, 0, ct->pe->name);
		else
			layout_add(L, LAYOUT_MARK, "（未登録）");
		text_mid(L, rx + w * 0.36, mid, w * 0.2, &name, LAYOUT_LEFT);
		if (ct->pe && ct->pe->phone)
			add_str(L, 0, ct->pe->phone);
		else
			layout_add(L, LAYOUT_MUTED, "—");
		text_mid(L, x + w * 0.5, mid, w * 0.5, &phone, LAYOUT_RIGHT);
		layout_line(L, x, y + row, x + w, y + row, 0.6, LAYOUT_RULE);
		y += row;
	}
	return y - y0;
}

/* Labels side by side in columns, each after a mark; returns the height. */
static double poster_grid(struct layout *L, const struct action *items, size_t n, const char *mark,
			  uint32_t mark_color, double x, double y, double w, int cols, double k)
{
	const struct layout_font f = {LAYOUT_SANS, 11.0 * k, false, LAYOUT_INK, 1.0};
	const struct layout_font mf = {LAYOUT_SANS, 11.0 * k, true, mark_color, 1.0};
	double cw = w / cols, y0 = y, rowh = 0;

	for (size_t i = 0; i < n; i++) {
		int col = (int)(i % (size_t)cols);
		double cx = x + col * cw, h;

		if (col == 0 && i) {
			y += rowh + MM(1.8) * k;
			rowh = 0;
		}
		layout_add(L, 0, mark);
		layout_text_at(L, cx, y, MM(6), &mf, LAYOUT_LEFT);
		add_marked(L, 0, items[i].text, items[i].len);
		h = layout_text_at(L, cx + MM(6) * k, y, cw - MM(8), &f, LAYOUT_LEFT);
		if (h > rowh)
			rowh = h;
	}
	return n ? y + rowh - y0 : 0;
}

/* Everything above the foot; returns where it ended. */
static double poster_body(struct layout *L, const struct card *c, double k)
{
	const struct policy *p = c->p;
	const struct layout_font kicker = {LAYOUT_SANS, 11.0, true, 0xffd9d6, 1.0};
	const struct layout_font sub = {LAYOUT_SANS, 12.0, false, LAYOUT_WHITE, 1.0};
	const struct layout_font rule = {LAYOUT_SANS, 9.5 * k, false, LAYOUT_INK, 1.1};
	const struct layout_font url_f = {LAYOUT_SANS, 7.5, false, LAYOUT_INK, 1.0};
	const struct layout_font qr_label = {LAYOUT_SANS, 10.0, true, LAYOUT_NAVY, 1.0};
	struct layout_font title = {LAYOUT_SANS, 27.0, true, LAYOUT_WHITE, 1.0};
	const char *heading = "情報セキュリティの事故・異常に気付いたら";
	double pw = layout_page_width(L), x = MM(15), w = pw - MM(30), y, cw;
	struct action signs[64], donts[MAX_DONTS];
	size_t nsigns = 0, ndonts = 0;

	layout_fill_rect(L, 0, 0, pw, MM(44), LAYOUT_RED);
	layout_add(L, 0, "緊急時の初動");
	layout_text_at(L, x, MM(8), w, &kicker, LAYOUT_LEFT);
	/* The title on one line. */
	for (;;) {
		layout_add(L, 0, heading);
		if (layout_text_height(L, w, &title) < title.size * 1.8 || title.size < 16) {
			layout_discard(L);
			break;
		}
		layout_discard(L);
		title.size -= 1.0;
	}
	layout_add(L, 0, heading);
	layout_text_at(L, x, MM(15), w, &title, LAYOUT_LEFT);
	add_str(L, 0, p->org.name);
	layout_text_at(L, x, MM(31), w, &sub, LAYOUT_LEFT);

	y = MM(52);
	y += poster_heading(L, first_heading(c), x, y, w, k);
	y += poster_first(L, c, x, y, w, k) + MM(3) * k;

	y += poster_heading(L, "連絡先", x, y, w, k);
	if (p->chain.rule) {
		layout_add(L, 0, p->chain.rule);
		y += layout_text_at(L, x, y, w, &rule, LAYOUT_LEFT) + MM(2) * k;
	}
	cw = p->org.report_url ? w - MM(50) : w;
	if (p->org.report_url) {
		double qs = MM(38), qx = x + w - qs, qy = y;

		layout_qr(L, qx, qy, qs, p->org.report_url);
		layout_add(L, 0, "報告フォーム");
		layout_text_at(L, qx, qy + qs, qs, &qr_label, LAYOUT_CENTER);
		layout_add(L, 0, p->org.report_url);
		layout_text_at(L, qx - MM(6), qy + qs + MM(5), qs + MM(12), &url_f, LAYOUT_CENTER);
	}
	{
		double h = poster_contacts(L, c, x, y, cw, k);

		y += (p->org.report_url && h < MM(50) ? MM(50) : h) + MM(5) * k;
	}

	for (size_t i = 0; i < p->n_signs && nsigns < MO_ARRAY_SIZE(signs); i++)
		split_action(p->signs[i].label, false, &signs[nsigns++]);
	if (nsigns) {
		y += poster_heading(L, "こんなときは、すぐに連絡", x, y, w, k);
		y += poster_grid(L, signs, nsigns, "■", LAYOUT_NAVY, x + MM(2), y, w - MM(2), 3,
				 k) +
		     MM(5) * k;
	}
	/* What not to do, less what the three already say. */
	for (size_t i = 0; i < c->ndonts; i++) {
		bool shown = false;

		for (size_t j = 0; j < c->nfirst && !shown; j++)
			shown = c->first[j].text == c->donts[i].text;
		if (!shown)
			donts[ndonts++] = c->donts[i];
	}
	if (ndonts) {
		y += poster_heading(L, "してはいけないこと", x, y, w, k);
		y += poster_grid(L, donts, ndonts, "×", LAYOUT_RED, x + MM(2), y, w - MM(2), 2, k) +
		     MM(5) * k;
	}
	return y;
}

/* The foot: the public desks, and which manual this is. */
static void poster_foot(struct layout *L, const struct card *c)
{
	const struct policy *p = c->p;
	const struct layout_font small = {LAYOUT_SANS, 7.5, false, LAYOUT_GREY, 1.0};
	double pw = layout_page_width(L), ph = layout_page_height(L);
	double x = MM(15), w = pw - MM(30), fy = ph - MM(26);

	layout_line(L, x, fy - MM(2), x + w, fy - MM(2), 0.6, LAYOUT_RULE);
	for (size_t i = 0; i < c->ndesks && i < 4; i++) {
		const struct mo_authority *a = c->desks[i];

		add_org_short(L, LAYOUT_BOLD, a->organization);
		layout_add(L, 0, "　");
		layout_add(L, 0, a->name);
		layout_add(L, 0, "　");
		layout_add(L, LAYOUT_BOLD, a->tel);
		layout_text_at(L, x + (double)(i % 2) * w / 2, fy + (double)(i / 2) * MM(4.5),
			       w / 2, &small, LAYOUT_LEFT);
	}
	layout_add(L, LAYOUT_ACCENT | LAYOUT_BOLD, "社外秘");
	layout_add(L, 0, "　情報セキュリティインシデント対応マニュアル");
	if (p->org.revision) {
		layout_add(L, 0, "　");
		layout_add(L, 0, p->org.revision);
	}
	if (c->date[0]) {
		layout_add(L, 0, "　");
		layout_add(L, 0, c->date);
	}
	layout_text_at(L, x, ph - MM(13), w, &small, LAYOUT_LEFT);
}

static void poster(struct layout *L, const struct card *c)
{
	double limit = layout_page_height(L) - MM(30), k = 1.0;

	layout_new_page(L);
	layout_bookmark(L, 1, "ポスター", 0);
	for (int i = 0; i < 12; i++) {
		double end;

		layout_dry(L, true);
		end = poster_body(L, c, k);
		layout_dry(L, false);
		if (end <= limit)
			break;
		k *= 0.94;
	}
	poster_body(L, c, k);
	poster_foot(L, c);
}

/* ---- The document ---------------------------------------------------------- */

static int content(struct layout *L, void *ud)
{
	const struct card *c = ud;

	sheet(L, c, false);
	sheet(L, c, true);
	poster(L, c);
	return layout_failed(L) ? -1 : 0;
}

int card_pdf_layout(const void *policy, struct buf *out, struct mo_err *e)
{
	const struct policy *p = policy;
	struct card c;
	struct layout_opts lo = {0};
	char title[512];

	memset(&c, 0, sizeof(c));
	c.p = p;
	pick_first(&c);
	pick_contacts(&c);
	if (p->org.has_last_reviewed)
		date_format(p->org.last_reviewed, true, c.date, sizeof(c.date));
	snprintf(title, sizeof(title), "緊急連絡カード — %s", p->org.name);
	lo.title = title;
	lo.author = p->org.name;
	lo.subject = "緊急連絡カードとポスター";
	lo.creator = "moshimo " MOSHIMO_VERSION;
	lo.content = content;
	lo.ud = &c;
	return layout_render(&lo, out, e);
}
