#!/bin/sh
# The incident's view (show, the report document md/html/pdf, the incident
# page) counts only filings still due: a filed 速報 is neither the earliest
# deadline nor overdue, and shows as 提出済み (its label) with its date.
# Test clock MOSHIMO_NOW: the 速報's deadline (2026-12-04 23:59) is past.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-11-30T14:30:00Z LANG=C.UTF-8
"$MOSHIMO" init >/dev/null || not_ok "init"
printf '%s' '{"title":"顧客DBがランサムウェアで暗号化","sign":"ransom_screen","impact":{"personal_data":true,"business":true},"facts":{"persons":5000,"data_kinds":"氏名、住所"}}' |
	"$MOSHIMO" report >/dev/null || not_ok "report"

# A week later: the 速報 (due 12-04) is overdue, nothing filed yet.
export MOSHIMO_NOW=2026-12-07T10:00:00+09:00
expect_rc 0 "export md before" -- "$MOSHIMO" export 1 --format md
expect_grep "$TMPDIR/out" "（最も早い期限 2026-12-04 23:59）" "md: the 速報's deadline is the earliest"
grep "個人情報保護委員会への速報" "$TMPDIR/out" | grep -q "期限超過" && ok "md: the 速報 overdue" ||
	not_ok "md: the 速報 not marked overdue"
expect_rc 0 "show before" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "Earliest deadline of a filing still due: 2026-12-04 23:59" "show: earliest"
expect_grep "$TMPDIR/out" "個人情報保護委員会への速報: due 2026-12-04 23:59 OVERDUE" "show: overdue"

expect_rc 0 "the 速報 filed" -- "$MOSHIMO" filing done 1 ppc_prompt --date 2026-12-03 --ref R-1

expect_rc 0 "export md after" -- "$MOSHIMO" export 1 --format md
expect_grep "$TMPDIR/out" "（最も早い期限 2027-01-28 23:59）" "md: the 確報's deadline is now the earliest"
grep -q "最も早い期限 2026-12-04" "$TMPDIR/out" && not_ok "md: still the 速報's deadline" ||
	ok "md: the filed 速報's deadline no longer counted"
row=$(grep "個人情報保護委員会への速報" "$TMPDIR/out" | grep "^|")
case $row in
*期限超過*) not_ok "md: a filed 速報 still overdue: $row" ;;
*"提出済み"*"2026-12-03"*) ok "md: the 速報 shows 提出済み with its date" ;;
*) not_ok "md row: $row" ;;
esac
expect_rc 0 "export html" -- "$MOSHIMO" export 1 --format html
expect_grep "$TMPDIR/out" "最も早い期限 2027-01-28 23:59" "html: the same earliest deadline"
expect_grep "$TMPDIR/out" "提出済み" "html: the label"

expect_rc 0 "show after" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "Earliest deadline of a filing still due: 2027-01-28 23:59" "show: the 確報's"
expect_grep "$TMPDIR/out" "個人情報保護委員会への速報: done 2026-12-03" "show: done, its date"
grep "個人情報保護委員会への" "$TMPDIR/out" | grep -q "OVERDUE" && not_ok "show: a PPC filing still overdue" ||
	ok "show: no PPC filing overdue"
expect_rc 0 "show in Japanese" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "個人情報保護委員会への速報: 提出済み 2026-12-03" "show: 提出済み"
expect_grep "$TMPDIR/out" "未提出の届け出の最も早い期限: 2027-01-28 23:59" "show: 最も早い期限"

# Waived filings are no longer due either; with all dated ones recorded, none.
expect_rc 0 "the 確報 waived" -- "$MOSHIMO" filing waive 1 ppc_final --reason "委託元が報告"
expect_rc 0 "export md, all dated filings recorded" -- "$MOSHIMO" export 1 --format md
grep -q "最も早い期限" "$TMPDIR/out" && not_ok "md: an earliest deadline with none due" ||
	ok "md: no earliest deadline once none is due"
expect_grep "$TMPDIR/out" "不要と判断" "md: the waived label"
finish
