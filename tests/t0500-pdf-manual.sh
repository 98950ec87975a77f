#!/bin/sh
# moshimo manual --format pdf, read back with poppler: A4 pages, every text
# of the IPA template's tables (seed 002), the outline and the contents
# pointing at the page of their section, the sections those of the Markdown
# manual, fonts embedded, metadata, "page N / M", no blank page, and the
# placeholders highlighted and warned about (none with a filled-in policy).
. tests/lib.sh

for tool in pdfinfo pdffonts pdftotext pdftoppm pdftohtml python3; do
	command -v $tool >/dev/null || skip "$tool missing (scripts/deps.sh)"
done
export MOSHIMO_TODAY=2026-05-01
none="$TMPDIR/no-such-folder"
pdf="$TMPDIR/m.pdf"

# Text without any whitespace (pdftotext breaks lines where it likes).
flat() {
	tr -d ' \t\r\n\f' | sed 's/　//g'
}

expect_rc 0 "manual --format pdf -o FILE" -- "$MOSHIMO" manual --data "$none" --format pdf -o "$pdf"
expect_grep "$TMPDIR/err" "not ready to hand out" "placeholders are warned about"
head -c 5 "$pdf" | grep -q '^%PDF-' && ok "a PDF file" || not_ok "not a PDF file"
mode=$(stat -c %a "$pdf" 2>/dev/null)
[ "$mode" = 600 ] && ok "pdf is 0600" || not_ok "pdf mode $mode"
expect_rc 0 "manual -o x.pdf picks pdf" -- "$MOSHIMO" manual --data "$none" -o "$TMPDIR/x.pdf"
head -c 5 "$TMPDIR/x.pdf" | grep -q '^%PDF-' && ok "x.pdf is a PDF" || not_ok "x.pdf is not a PDF"

# Metadata and pages.
pdfinfo "$pdf" >"$TMPDIR/info" 2>&1
expect_grep "$TMPDIR/info" "Title:           情報セキュリティインシデント対応マニュアル" "title in the metadata"
expect_grep "$TMPDIR/info" "Author:          株式会社〇〇" "author is the company"
expect_grep "$TMPDIR/info" "CreationDate:    Fri May  1 00:00:00 2026" "creation date (MOSHIMO_TODAY)"
expect_grep "$TMPDIR/info" "Page size:       595.276 x 841.89 pts (A4)" "A4 portrait"
pages=$(sed -n 's/^Pages: *//p' "$TMPDIR/info")
[ "${pages:-0}" -ge 20 ] && ok "$pages pages" || not_ok "only ${pages:-0} pages"

# Fonts: Noto Sans and Serif CJK JP, every font embedded.
pdffonts "$pdf" >"$TMPDIR/fonts" 2>&1
expect_grep "$TMPDIR/fonts" "NotoSansCJKjp-Regular" "Noto Sans CJK JP used"
expect_grep "$TMPDIR/fonts" "NotoSerifCJKjp-Regular" "Noto Serif CJK JP used"
notemb=$(tail -n +3 "$TMPDIR/fonts" | awk '{ if ($(NF-4) != "yes") print $1 }')
[ -z "$notemb" ] && ok "every font embedded" || not_ok "fonts not embedded: $notemb"

# Every text of every table of seed 002.
pdftotext "$pdf" "$TMPDIR/all.txt"
flat <"$TMPDIR/all.txt" >"$TMPDIR/all.flat"
missing=0
while IFS= read -r line; do
	want=$(printf '%s' "$line" | flat)
	[ -z "$want" ] && continue
	if ! grep -qF -- "$want" "$TMPDIR/all.flat"; then
		missing=$((missing + 1))
		echo "    missing: $line"
	fi
done <tests/fixtures/seed-002-texts.txt
[ "$missing" -eq 0 ] && ok "every seed-002 table text is in the PDF" || not_ok "$missing seed-002 texts missing"

# The outline: one entry per numbered section of the Markdown manual, in
# its order, each on the page that holds its heading.
"$MOSHIMO" manual --data "$none" --format md 2>/dev/null |
	sed -n 's/^##\{1,2\} \([0-9][0-9.]*\)\.\{0,1\} \(.*\)$/\1 \2/p' | sed 's/\. / /' >"$TMPDIR/md-sections"
pdftohtml -xml -i -q -stdout "$pdf" >"$TMPDIR/xml" 2>/dev/null
sed -n 's/^<item page="\([0-9]*\)">\(.*\)<\/item>$/\1\t\2/p' "$TMPDIR/xml" >"$TMPDIR/outline"
awk -F '\t' '$2 ~ /^[0-9][0-9.]*　/ { print $2 }' "$TMPDIR/outline" | sed 's/　/ /' >"$TMPDIR/pdf-sections"
n_md=$(wc -l <"$TMPDIR/md-sections")
[ "$n_md" -ge 20 ] && ok "$n_md numbered sections in the md manual" || not_ok "md sections: $n_md"
if cmp -s "$TMPDIR/md-sections" "$TMPDIR/pdf-sections"; then
	ok "outline = the md manual's numbered sections, in order"
else
	not_ok "outline differs from the md sections"
	diff "$TMPDIR/md-sections" "$TMPDIR/pdf-sections" | head -10
fi
expect_grep "$TMPDIR/outline" "目次" "outline has the contents"
expect_grep "$TMPDIR/outline" "緊急連絡カード" "outline has the card"
bad=0
while IFS="$(printf '\t')" read -r page title; do
	want=$(printf '%s' "$title" | flat)
	if ! pdftotext -f "$page" -l "$page" "$pdf" - 2>/dev/null | flat | grep -qF -- "$want"; then
		bad=$((bad + 1))
		echo "    outline \"$title\" -> page $page, not there"
	fi
done <"$TMPDIR/outline"
[ "$bad" -eq 0 ] && ok "every outline entry points at its heading's page" || not_ok "$bad outline entries on the wrong page"

# The contents: "4.1 title ... 6" lines on the pages from 目次 to the
# first chapter; each page number is right.
toc_first=$(awk -F '\t' '$2 == "目次" { print $1; exit }' "$TMPDIR/outline")
toc_last=$(awk -F '\t' '$2 ~ /^1　/ { print $1 - 1; exit }' "$TMPDIR/outline")
pdftotext -layout -f "${toc_first:-2}" -l "${toc_last:-2}" "$pdf" "$TMPDIR/toc.txt"
sed -n 's/^ *\([0-9][0-9.]*\) \{2,\}\(.*[^ ]\) \{2,\}\([0-9][0-9]*\)$/\3\t\1\2/p' "$TMPDIR/toc.txt" >"$TMPDIR/toc"
n_toc=$(wc -l <"$TMPDIR/toc")
[ "$n_toc" -ge 16 ] && ok "$n_toc entries in the contents" || not_ok "contents: $n_toc entries"
bad=0
while IFS="$(printf '\t')" read -r page title; do
	want=$(printf '%s' "$title" | flat)
	if ! pdftotext -f "$page" -l "$page" "$pdf" - 2>/dev/null | flat | grep -qF -- "$want"; then
		bad=$((bad + 1))
		echo "    contents \"$title\" -> page $page, not there"
	fi
done <"$TMPDIR/toc"
[ "$bad" -eq 0 ] && ok "the contents' page numbers are right" || not_ok "$bad contents entries wrong"
# Each entry links to its page (poppler resolves the links to "#PAGE").
pdftohtml -xml -i -q -stdout -f "${toc_first:-2}" -l "${toc_last:-2}" "$pdf" 2>/dev/null |
	sed -n 's/.*href="[^"]*#\([0-9]*\)".*/\1/p' | sort -un >"$TMPDIR/links"
cut -f1 "$TMPDIR/toc" | sort -un >"$TMPDIR/toc-pages"
missing=$(comm -23 "$TMPDIR/toc-pages" "$TMPDIR/links" | tr '\n' ' ')
[ -s "$TMPDIR/links" ] && [ -z "$missing" ] && ok "the contents link to their pages" ||
	not_ok "contents pages without a link: ${missing:-no links at all}"

# Page furniture: "N / M" on every page but the cover; 社外秘 and the company.
p3=$(pdftotext -f 3 -l 3 "$pdf" - 2>/dev/null)
case "$p3" in *"3 / $pages"*) ok "page 3 says 3 / $pages" ;; *) not_ok "no \"3 / $pages\" on page 3" ;; esac
case "$p3" in *社外秘*) ok "社外秘 on the page" ;; *) not_ok "no 社外秘 mark" ;; esac
last=$(pdftotext -f "$pages" -l "$pages" "$pdf" - 2>/dev/null)
case "$last" in *"$pages / $pages"*) ok "last page numbered" ;; *) not_ok "no \"$pages / $pages\"" ;; esac
cover=$(pdftotext -f 1 -l 1 "$pdf" - 2>/dev/null | flat)
for want in 情報セキュリティインシデント対応マニュアル 株式会社〇〇 2026年4月1日 2027年4月1日; do
	case "$cover" in *"$want"*) ok "cover: $want" ;; *) not_ok "cover lacks $want" ;; esac
done

# No blank page: the body of each page (the headers and footers left out)
# has ink; placeholders highlighted (yellow) on the contacts page.
pdftoppm -r 20 -gray -x 0 -y 22 -W 165 -H 188 "$pdf" "$TMPDIR/g"
blank=$(python3 tests/t05-pixels.py blank "$TMPDIR"/g-*.pgm)
[ "$blank" = 0 ] && ok "no blank page" || not_ok "$blank blank pages"
pdftoppm -r 30 -f 5 -l 5 "$pdf" "$TMPDIR/c"
yellow=$(python3 tests/t05-pixels.py yellow "$TMPDIR"/c-*.ppm)
[ "${yellow:-0}" -gt 20 ] && ok "placeholders highlighted ($yellow yellow pixels)" || not_ok "no highlight on the contacts page: ${yellow:-none}"

# A filled-in policy: no warning, no highlight.
mkdir -p "$TMPDIR/filled"
cp tests/fixtures/minimal.yaml "$TMPDIR/filled/policy.yaml"
expect_rc 0 "manual --format pdf of a filled-in policy" -- "$MOSHIMO" manual --data "$TMPDIR/filled" --format pdf -o "$TMPDIR/f.pdf"
expect_no_grep "$TMPDIR/err" "not ready" "no placeholder warning"
rm -f "$TMPDIR"/c-*.ppm
pdftoppm -r 30 "$TMPDIR/f.pdf" "$TMPDIR/c"
yellow=$(python3 tests/t05-pixels.py yellow "$TMPDIR"/c-*.ppm)
[ "$yellow" = 0 ] && ok "nothing highlighted when nothing is left to fill in" || not_ok "$yellow yellow pixels in a filled-in manual"
pdftotext "$TMPDIR/f.pdf" - | flat >"$TMPDIR/f.flat"
expect_grep "$TMPDIR/f.flat" "テスト株式会社" "the company's name"
expect_grep "$TMPDIR/f.flat" "発見者は即座に報告する。" "the policy's own steps"

# Binary output is not written to a terminal, and a usage error names pdf.
expect_rc 2 "unknown format lists pdf" -- "$MOSHIMO" manual --data "$none" --format docx
expect_grep "$TMPDIR/err" "pdf" "pdf among the formats"
finish
