#!/bin/sh
# moshimo export --format pdf, read back with poppler: an A4 report with
# the incident's Japanese title, every step of the checklist, the notes, the
# evidence's SHA-256 and the sections of the report, fonts embedded; -o's
# extension picks the format, a terminal is refused, and an unknown id or a
# missing font is exit 1 with no file written.
. tests/lib.sh

for tool in pdfinfo pdffonts pdftotext jq; do
	command -v $tool >/dev/null || skip "$tool missing (scripts/deps.sh)"
done
D="$TMPDIR/data"
# The clock is pinned (util/clock.h): the report is discovered on 2026-11-20.
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-11-21T09:00:00+09:00
pdf="$TMPDIR/INC-0001.pdf"

# Text without any whitespace (pdftotext breaks lines where it likes).
flat() {
	tr -d ' \t\r\n\f' | sed 's/　//g'
}
# expect_text WANT DESCRIPTION: WANT (whitespace ignored) in the PDF's text.
expect_text() {
	_want=$(printf '%s' "$1" | flat)
	if grep -qF -- "$_want" "$TMPDIR/pdf.flat"; then
		ok "$2"
	else
		not_ok "$2: \"$1\" not in the PDF"
	fi
}

cat >"$TMPDIR/r.json" <<'JSON'
{"title": "顧客名簿のメール誤送信", "category": "leak",
 "description": "営業部の担当者が顧客名簿を誤って社外の宛先に送信した。",
 "discovered_at": "2026-11-20T10:00:00+09:00",
 "reporter": {"name": "佐藤", "contact": "内線1234"},
 "impact": {"customers": true, "personal_data": true},
 "facts": {"persons": 1250, "malicious": false, "data_kinds": "氏名、メールアドレス"}}
JSON
expect_rc 0 "report an incident" -- "$MOSHIMO" report --file "$TMPDIR/r.json"
expect_rc 0 "step 1 done" -- "$MOSHIMO" step 1 1 done --note "責任者に電話で第一報"
expect_rc 0 "a note" -- "$MOSHIMO" note 1 "送信先に削除を依頼し、削除済みの返信を受けた"
printf 'From: eigyo@example.co.jp\n' >"$TMPDIR/mail.eml"
expect_rc 0 "evidence" -- "$MOSHIMO" evidence add 1 "$TMPDIR/mail.eml" --note "誤送信したメール"
sum=$(sha256sum "$TMPDIR/mail.eml" | cut -d' ' -f1)
"$MOSHIMO" show 1 --json >"$TMPDIR/inc.json"

expect_rc 0 "export --format pdf -o FILE" -- "$MOSHIMO" export 1 --format pdf -o "$pdf"
expect_grep "$TMPDIR/err" "wrote $pdf" "says where it wrote"
head -c 5 "$pdf" | grep -q '^%PDF-' && ok "a PDF file" || not_ok "not a PDF file"
mode=$(stat -c %a "$pdf" 2>/dev/null)
[ "$mode" = 600 ] && ok "pdf is 0600" || not_ok "pdf mode $mode"

pdfinfo "$pdf" >"$TMPDIR/info" 2>&1
expect_grep "$TMPDIR/info" "Title:           インシデント報告書 INC-0001 顧客名簿のメール誤送信" "title in the metadata"
expect_grep "$TMPDIR/info" "Page size:       595.276 x 841.89 pts (A4)" "A4 portrait"
pages=$(sed -n 's/^Pages: *//p' "$TMPDIR/info")
[ "${pages:-0}" -ge 3 ] && ok "$pages pages" || not_ok "only ${pages:-0} pages"

pdffonts "$pdf" >"$TMPDIR/fonts" 2>&1
expect_grep "$TMPDIR/fonts" "NotoSansCJKjp" "Noto Sans CJK JP used"
n=$(tail -n +3 "$TMPDIR/fonts" | wc -l)
notemb=$(tail -n +3 "$TMPDIR/fonts" | awk '{ if ($(NF-4) != "yes") print $1 }')
[ "$n" -gt 0 ] && [ -z "$notemb" ] && ok "every font embedded ($n)" || not_ok "fonts not embedded: $notemb"

pdftotext "$pdf" "$TMPDIR/pdf.txt"
flat <"$TMPDIR/pdf.txt" >"$TMPDIR/pdf.flat"
expect_text "顧客名簿のメール誤送信" "the Japanese title"
expect_text "INC-0001" "the reference"
expect_text "社外秘" "marked confidential"
expect_text "営業部の担当者が顧客名簿を誤って社外の宛先に送信した。" "the description"
expect_text "送信先に削除を依頼し、削除済みの返信を受けた" "the note"
expect_text "責任者に電話で第一報" "the step's note"
expect_text "1,250" "the count of persons"
expect_text "氏名、メールアドレス" "the kinds of data"
expect_text "$(printf '%.32s' "$sum")" "SHA-256, first half"
expect_text "${sum#????????????????????????????????}" "SHA-256, second half"
expect_text "個人情報保護委員会" "the authority to report to"
for section in 記録事項 インシデント対応時に整理しておくべき事項 "対応手順（チェックリスト）" 判断事項 \
	届出・報告先 対応経過 証拠 再発防止策と教訓 実施者・日時; do
	expect_text "$section" "section or column $section"
done
missing=0
nsteps=$(jq '.steps | length' "$TMPDIR/inc.json")
jq -r '.steps[] | (.title // empty), .action' "$TMPDIR/inc.json" >"$TMPDIR/steps.txt"
while IFS= read -r line; do
	want=$(printf '%s' "$line" | flat)
	if ! grep -qF -- "$want" "$TMPDIR/pdf.flat"; then
		missing=$((missing + 1))
		echo "    missing: $line"
	fi
done <"$TMPDIR/steps.txt"
[ "$nsteps" -gt 0 ] && [ "$missing" -eq 0 ] && ok "every step's title and action ($nsteps steps)" ||
	not_ok "$missing step texts missing of $nsteps steps"
expect_text "完了" "the done step's state"
expect_text "未着手" "the open steps' state"

# -o's extension picks pdf; a pipe is fine, a terminal is not.
expect_rc 0 "export -o x.pdf picks pdf" -- "$MOSHIMO" export 1 -o "$TMPDIR/x.pdf"
head -c 5 "$TMPDIR/x.pdf" | grep -q '^%PDF-' && ok "x.pdf is a PDF" || not_ok "x.pdf is not a PDF"
expect_rc 0 "export --format pdf to a pipe" -- sh -c "\"$MOSHIMO\" export 1 --format pdf | cat >\"$TMPDIR/piped.pdf\""
head -c 5 "$TMPDIR/piped.pdf" | grep -q '^%PDF-' && ok "piped output is a PDF" || not_ok "piped output is not a PDF"
if command -v script >/dev/null; then
	expect_rc 2 "export --format pdf to a terminal" -- \
		script -qec "\"$MOSHIMO\" export 1 --format pdf" /dev/null
	expect_grep "$TMPDIR/out" "pdf output is binary: use -o FILE" "says to use -o"
fi
expect_rc 0 "export -o x.md stays Markdown" -- "$MOSHIMO" export 1 -o "$TMPDIR/x.md"
expect_grep "$TMPDIR/x.md" "# インシデント報告書" "x.md is Markdown"
expect_grep "$TMPDIR/x.md" "INC-0001　顧客名簿のメール誤送信" "x.md has the reference and the title"

# Errors: nothing written.
expect_rc 1 "unknown id" -- "$MOSHIMO" export 42 --format pdf -o "$TMPDIR/42.pdf"
expect_grep "$TMPDIR/err" "no incident INC-0042" "the unknown id is named"
[ -e "$TMPDIR/42.pdf" ] && not_ok "a file was written for an unknown id" || ok "no file for an unknown id"
expect_rc 2 "unknown format" -- "$MOSHIMO" export 1 --format docx
expect_grep "$TMPDIR/err" "md, html, pdf, json" "the formats are listed"
MOSHIMO_FONT="No Such Font Family" expect_rc 1 "a missing font" -- \
	"$MOSHIMO" export 1 --format pdf -o "$TMPDIR/nofont.pdf"
expect_grep "$TMPDIR/err" "No Such Font Family" "the error names the font"
[ -e "$TMPDIR/nofont.pdf" ] && not_ok "a file was written without fonts" || ok "no file without fonts"
ls "$TMPDIR" | grep -q '\.tmp' && not_ok "a temporary file was left" || ok "no temporary file left"

finish
