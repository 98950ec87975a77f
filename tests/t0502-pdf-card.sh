#!/bin/sh
# moshimo manual --card --format pdf: a sheet of ten 91 x 55 mm cards
# (fronts, then backs), and an A4 poster; the first three things to do, the
# contact chain with its phone numbers and the desks come from the policy;
# a QR code of organization.report_url that zbarimg decodes, and none
# without a report_url.
. tests/lib.sh

for tool in pdfinfo pdftotext pdftoppm zbarimg; do
	command -v $tool >/dev/null || skip "$tool missing (scripts/deps.sh)"
done
export MOSHIMO_TODAY=2026-05-01
d="$TMPDIR/data"
url="https://intra.example.co.jp/moshimo/report?from=card"
mkdir -p "$d"

# The built-in policy with a phone number for each person and a report URL.
awk -v url="$url" '
	/^  revision:/ { print; print "  report_url: \"" url "\""; next }
	/^    phone: 090-\*\*\*\*-\*\*\*\*$/ { n++; printf "    phone: 090-%04d-%04d\n", 1000 + n, 2000 + n; next }
	{ print }' data/policy.yaml >"$d/policy.yaml"
grep -q "090-1001-2001" "$d/policy.yaml" && ok "fixture has phone numbers" || not_ok "fixture without phones"

card="$TMPDIR/card.pdf"
expect_rc 0 "manual --card --format pdf" -- "$MOSHIMO" manual --data "$d" --card --format pdf -o "$card"
pdfinfo "$card" >"$TMPDIR/info" 2>&1
expect_grep "$TMPDIR/info" "Pages:           3" "three pages: fronts, backs, poster"
expect_grep "$TMPDIR/info" "(A4)" "A4 sheets"
expect_grep "$TMPDIR/info" "Title:           緊急連絡カード" "title in the metadata"

flat() {
	tr -d ' \t\r\n\f' | sed 's/　//g'
}
pdftotext -f 1 -l 1 "$card" - | flat >"$TMPDIR/front"
pdftotext -f 2 -l 2 "$card" - | flat >"$TMPDIR/back"
pdftotext -f 3 -l 3 "$card" - | flat >"$TMPDIR/poster"

# The front: ten cards, the three things of the policy's card: (the call to
# the 情報システム管理者 first, then disconnect when a virus is suspected),
# the number to call.
n=$(grep -o "緊急連絡カード" "$TMPDIR/front" | wc -l)
[ "$n" -eq 10 ] && ok "ten cards on the sheet" || not_ok "$n cards on the sheet"
for want in 1すぐに情報システム管理者に電話する ネットワークから切り離す; do
	expect_grep "$TMPDIR/front" "$want" "front: $want"
	expect_grep "$TMPDIR/poster" "$want" "poster: $want"
done
# The system administrator (the role the call names) is the first person.
expect_grep "$TMPDIR/front" "090-1003-2003" "front: the administrator's phone"

# The back and the poster: the contact chain's phones in the discoverer's
# order (情報システム管理者 → インシデント対応責任者 → 代表取締役), and no
# authority numbers: those are for the responders' pages of the manual.
for phone in 090-1001-2001 090-1002-2002 090-1003-2003; do
	expect_grep "$TMPDIR/back" "$phone" "back: $phone"
	expect_grep "$TMPDIR/poster" "$phone" "poster: $phone"
done
for want in 最高責任者 対応責任者 情報システム管理者; do
	expect_grep "$TMPDIR/back" "$want" "back: $want"
done
expect_grep "$TMPDIR/poster" "090-1003-2003〇〇〇〇090-1002-2002〇〇〇〇090-1001-2001" "poster: the call order, the administrator first"
for want in 03-5978-7509 03-5978-7518 03-6457-9685 個人情報保護委員会; do
	expect_no_grep "$TMPDIR/back" "$want" "back: no $want"
	expect_no_grep "$TMPDIR/poster" "$want" "poster: no $want"
	expect_no_grep "$TMPDIR/front" "$want" "front: no $want"
done
expect_grep "$TMPDIR/poster" "身代金を要求する画面" "poster: the signs to look for"
expect_grep "$TMPDIR/poster" "電源を切らない" "poster: what not to do"
expect_grep "$TMPDIR/poster" "自分で削除・初期化・ウイルスの駆除をしない" "poster: no self-help removal"

# QR codes: one per card on the front, one on the poster, each the URL.
pdftoppm -r 200 -f 1 -l 1 -png "$card" "$TMPDIR/q"
pdftoppm -r 150 -f 3 -l 3 -png "$card" "$TMPDIR/q"
zbarimg -q --raw "$TMPDIR"/q-1.png >"$TMPDIR/qr1" 2>/dev/null
zbarimg -q --raw "$TMPDIR"/q-3.png >"$TMPDIR/qr3" 2>/dev/null
n=$(grep -cxF "$url" "$TMPDIR/qr1")
[ "$n" -ge 8 ] && ok "$n QR codes on the front sheet decode to the URL" || not_ok "$n QR codes decoded on the front"
expect_grep "$TMPDIR/qr3" "$url" "the poster's QR code decodes to the URL"

# Without report_url: no QR code at all.
mkdir -p "$TMPDIR/nourl"
grep -v "report_url" "$d/policy.yaml" >"$TMPDIR/nourl/policy.yaml"
expect_rc 0 "card without report_url" -- "$MOSHIMO" manual --data "$TMPDIR/nourl" --card --format pdf -o "$TMPDIR/nourl.pdf"
pdftoppm -r 150 -png "$TMPDIR/nourl.pdf" "$TMPDIR/n"
if zbarimg -q --raw "$TMPDIR"/n-*.png >/dev/null 2>&1; then
	not_ok "a QR code without report_url"
else
	ok "no QR code without report_url"
fi

# The built-in policy: placeholders still there, and said so.
expect_rc 0 "card of the built-in policy" -- "$MOSHIMO" manual --data "$TMPDIR/none" --card --format pdf -o "$TMPDIR/builtin.pdf"
expect_grep "$TMPDIR/err" "not ready to hand out" "placeholders are warned about"
pdftotext -f 2 -l 2 "$TMPDIR/builtin.pdf" - | flat >"$TMPDIR/b2"
expect_grep "$TMPDIR/b2" "090-****-****" "the placeholder phone is printed (highlighted)"
finish
