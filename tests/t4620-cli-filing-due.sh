#!/bin/sh
# The next legal filing deadline in `list` (a column; --json filing_due and
# filing_due_kind) and `search`, moving on as filings are recorded and
# marked ! once past; `show` marks each filing 必要（法定）/推奨/検討; and
# 代替措置 on the CLI (filing done ID persons_notice --substitute …): its
# own state with its label and JSON, refused without its fields or for a
# filing that has none, immutable afterwards.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-11-30T14:30:00Z LANG=C.UTF-8
"$MOSHIMO" init >/dev/null || not_ok "init"
printf '%s' '{"title":"顧客DBがランサムウェアで暗号化","sign":"ransom_screen","impact":{"personal_data":true,"business":true},"facts":{"persons":5000,"data_kinds":"氏名、住所"}}' |
	"$MOSHIMO" report >/dev/null || not_ok "report 1"
printf '%s' '{"title":"Webサーバー停止","category":"malware","impact":{"business":true}}' |
	"$MOSHIMO" report >/dev/null || not_ok "report 2"

expect_rc 0 "list" -- "$MOSHIMO" list
expect_grep "$TMPDIR/out" "Filing due" "the column's heading"
grep "INC-0001" "$TMPDIR/out" | grep -q "2026-12-04 23:59" && ok "the 速報's deadline on the row" ||
	not_ok "row 1: $(grep INC-0001 "$TMPDIR/out")"
grep "INC-0002" "$TMPDIR/out" | grep -q " 2026-12-04 23:59" && not_ok "no legal filing, no deadline" ||
	ok "no legal filing, no deadline"
expect_rc 0 "list --json" -- "$MOSHIMO" list --json
[ "$(jq -r '.[] | select(.id == 1) | .filing_due + " " + .filing_due_kind' "$TMPDIR/out")" = "2026-12-04T23:59:59+09:00 ppc_prompt" ] &&
	ok "JSON filing_due and filing_due_kind" || not_ok "json: $(jq -c '.[0]' "$TMPDIR/out")"
[ "$(jq -r '.[] | select(.id == 2) | .filing_due' "$TMPDIR/out")" = null ] && ok "null without one" ||
	not_ok "incident 2's filing_due"
expect_rc 0 "list in Japanese" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 "$MOSHIMO" list
expect_grep "$TMPDIR/out" "届出期限" "the heading in Japanese"
expect_rc 0 "search" -- "$MOSHIMO" search ランサムウェア
grep "INC-0001" "$TMPDIR/out" | grep -q "2026-12-04 23:59" && ok "search rows carry it too" ||
	not_ok "search: $(cat "$TMPDIR/out" | head -3)"

expect_rc 0 "the 速報 filed" -- "$MOSHIMO" filing done 1 ppc_prompt --date 2026-12-02
expect_rc 0 "list --json after" -- "$MOSHIMO" list --json
[ "$(jq -r '.[] | select(.id == 1) | .filing_due_kind' "$TMPDIR/out")" = ppc_final ] &&
	ok "moves on to the 確報 (60 days: ③)" || not_ok "after done: $(jq -c '.[] | select(.id == 1)' "$TMPDIR/out")"
# Discovered two months ago and reported now: its steps are not yet due,
# its 速報's deadline is past: the ! is the filing's.
printf '%s' '{"title":"カード情報の漏えい","category":"leak","discovered_at":"2026-10-01T10:00:00+09:00","impact":{"personal_data":true},"facts":{"persons":10,"financial":true}}' |
	"$MOSHIMO" report >/dev/null || not_ok "report 3"
expect_rc 0 "list with a past deadline" -- "$MOSHIMO" list
grep "INC-0003" "$TMPDIR/out" | grep -q "2026-10-05 23:59 !" && ok "marked ! once past" ||
	not_ok "overdue: $(grep INC-0003 "$TMPDIR/out")"
grep "INC-0001" "$TMPDIR/out" | grep -q "23:59 !" && not_ok "incident 1 marked" ||
	ok "not marked while its steps and filings are not past"

expect_rc 0 "show" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "[required by law] 個人情報保護委員会" "show: required"
expect_grep "$TMPDIR/out" "[recommended] 都道府県警察本部" "show: the police recommended"
expect_rc 0 "show in Japanese" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "[必要（法定）] 個人情報保護委員会" "show: 必要（法定）"
expect_grep "$TMPDIR/out" "[推奨] 都道府県警察本部" "show: 推奨"

# 代替措置
expect_rc 2 "--substitute without its fields" -- "$MOSHIMO" filing done 1 persons_notice --substitute --date 2026-12-03
expect_grep "$TMPDIR/err" "--substitute needs --published WHERE, --desk DESK and --reason WHY" "says what is missing"
expect_rc 2 "--desk without --substitute" -- "$MOSHIMO" filing done 1 persons_notice --date 2026-12-03 --desk x
expect_rc 1 "a filing without 代替措置" -- "$MOSHIMO" filing done 1 ppc_final --substitute --date 2026-12-03 --published p --desk d --reason r
expect_grep "$TMPDIR/err" "has no substitute measures" "says why"
[ "$(sqlite3 "$D/moshimo.db" "SELECT count(*) FROM filings WHERE kind = 'ppc_final'")" = 0 ] &&
	ok "nothing recorded" || not_ok "ppc_final was recorded"
printf '<p>公表文（掲載したもの）</p>\n' >"$TMPDIR/notice.html"
sum=$(sha256sum "$TMPDIR/notice.html" | cut -d' ' -f1)
expect_rc 0 "代替措置" -- "$MOSHIMO" filing done 1 persons_notice --substitute --date 2026-12-03 \
	--published https://example.jp/news/1203 --desk "0120-000-000（平日9〜17時）" \
	--reason "連絡先が分からない本人が多い" --file "$TMPDIR/notice.html"
expect_rc 0 "filing list --json" -- "$MOSHIMO" filing list 1 --json
[ "$(jq -r '.[] | select(.id == "persons_notice") | [.state, .done_at, .substitute.published, .substitute.desk, .substitute.reason] | join("|")' "$TMPDIR/out")" = \
	"substituted|2026-12-03T00:00:00+09:00|https://example.jp/news/1203|0120-000-000（平日9〜17時）|連絡先が分からない本人が多い" ] &&
	ok "JSON: state substituted with published, desk, reason" ||
	not_ok "json: $(jq -c '.[] | select(.id == "persons_notice")' "$TMPDIR/out")"
expect_rc 0 "filing list in Japanese" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 "$MOSHIMO" filing list 1
expect_grep "$TMPDIR/out" "代替措置（公表・問合せ窓口）" "the label"
[ "$(sqlite3 "$D/moshimo.db" "SELECT sha256 FROM filings WHERE kind = 'persons_notice'")" = "$sum" ] &&
	ok "the 公表文 as published kept with its SHA-256" || not_ok "hash"
expect_rc 0 "show" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "代替措置：「本人への通知」に代えて公表（https://example.jp/news/1203" "on the timeline"
expect_grep "$TMPDIR/out" "$sum" "with the hash"
expect_rc 1 "waiving it afterwards is refused" -- "$MOSHIMO" filing waive 1 persons_notice --reason x
sqlite3 "$D/moshimo.db" "UPDATE filing_substitutes SET desk = 'x'" 2>/dev/null && not_ok "sql update allowed" ||
	ok "the database refuses to change it"
expect_rc 0 "draft ppc_final" -- "$MOSHIMO" filing draft 1 ppc_final
expect_grep "$TMPDIR/out" "代替措置として 2026-12-03" "the 確報's 本人への対応 says it"
expect_rc 0 "audit verify" -- "$MOSHIMO" audit verify
finish
