#!/bin/sh
# moshimo manual: the format from --format or the file's extension, the card
# alone with --card, files written privately, usage errors exit 2, a policy
# with errors is refused.
. tests/lib.sh

d="$TMPDIR/data"
none="$TMPDIR/no-such-folder"

expect_rc 0 "manual --format html -o FILE" -- "$MOSHIMO" manual --data "$none" --format html -o "$TMPDIR/m.html"
[ -f "$TMPDIR/m.html" ] && ok "html file written" || not_ok "html file missing"
mode=$(stat -c %a "$TMPDIR/m.html" 2>/dev/null)
[ "$mode" = 600 ] && ok "html file is 0600" || not_ok "html file mode $mode"
expect_grep "$TMPDIR/m.html" '<html lang="ja">' "html is a Japanese document"
expect_grep "$TMPDIR/m.html" "緊急連絡カード" "html manual ends with the card"
expect_grep "$TMPDIR/m.html" "情報セキュリティインシデント対応マニュアル" "html has the title"
expect_no_grep "$TMPDIR/m.html" "<script" "html has no script"
expect_grep "$TMPDIR/err" "built-in" "the built-in manual is announced"
expect_grep "$TMPDIR/err" "placeholders" "placeholders are warned about"

expect_rc 0 "manual -o x.md picks md" -- "$MOSHIMO" manual --data "$none" -o "$TMPDIR/x.md"
head -1 "$TMPDIR/x.md" | grep -q '^# 情報セキュリティインシデント対応マニュアル$' &&
	ok "x.md is Markdown" || not_ok "x.md is not Markdown: $(head -1 "$TMPDIR/x.md")"
expect_no_grep "$TMPDIR/x.md" "<html" "x.md has no HTML document"
expect_grep "$TMPDIR/x.md" "## 1. 対応体制" "x.md has chapter 1"

expect_rc 0 "manual -o x.htm picks html" -- "$MOSHIMO" manual --data "$none" -o "$TMPDIR/x.htm"
head -1 "$TMPDIR/x.htm" | grep -q '^<!DOCTYPE html>$' && ok "x.htm is HTML" || not_ok "x.htm is not HTML"

expect_rc 0 "manual to standard output defaults to md" -- "$MOSHIMO" manual --data "$none"
expect_grep "$TMPDIR/out" "## 4. 対応手順" "stdout has the procedures"

expect_rc 0 "manual --card" -- "$MOSHIMO" manual --data "$none" --card
expect_grep "$TMPDIR/out" "緊急連絡カード" "card on stdout"
expect_grep "$TMPDIR/out" "090-****-****" "card has the phone placeholder"
expect_grep "$TMPDIR/out" "最高責任者" "card has the chain"
expect_no_grep "$TMPDIR/out" "## 1. 対応体制" "card alone has no chapter"

expect_rc 0 "manual --card --format html -o FILE" -- "$MOSHIMO" manual --data "$none" --card --format html -o "$TMPDIR/card.html"
expect_grep "$TMPDIR/card.html" '<section class="card">' "html card"
expect_no_grep "$TMPDIR/card.html" "目次" "html card alone has no contents"

expect_rc 2 "unknown format" -- "$MOSHIMO" manual --data "$none" --format docx
expect_grep "$TMPDIR/err" "docx" "unknown format is named"
expect_rc 2 "unknown option" -- "$MOSHIMO" manual --data "$none" --frobnicate
expect_rc 2 "extra argument" -- "$MOSHIMO" manual --data "$none" extra

# The data folder's policy is the one rendered.
expect_rc 0 "init" -- "$MOSHIMO" init "$d"
sed 's/^  name: 株式会社〇〇$/  name: もしも商事株式会社/' "$d/policy.yaml" >"$d/p" && mv "$d/p" "$d/policy.yaml"
expect_rc 0 "manual from the data folder" -- "$MOSHIMO" manual --data "$d" --format html
expect_grep "$TMPDIR/out" "もしも商事株式会社" "the folder's company name is used"

# A policy with errors is never printed.
printf 'version: 1\norganization: {name: x}\nroles: []\nlevels: 3\n' >"$d/policy.yaml"
rm -f "$TMPDIR/bad.html"
expect_rc 1 "a policy with errors is refused" -- "$MOSHIMO" manual --data "$d" -o "$TMPDIR/bad.html"
[ -f "$TMPDIR/bad.html" ] && not_ok "a file was written for a broken policy" || ok "no file for a broken policy"
finish
