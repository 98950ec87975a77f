#!/bin/sh
# moshimo report (JSON on stdin and --file), list and show, and bad input:
# a clear message, exit 1 and nothing changed.
. tests/lib.sh

D="$TMPDIR/data"
# The clock is pinned: the reports below were discovered on 2026-11-20.
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-11-21T09:00:00+09:00
rows() { sqlite3 "$D/moshimo.db" "SELECT (SELECT count(*) FROM audit) || '/' || (SELECT count(*) FROM incidents)"; }

echo '{"title":"ランサムウェア感染の疑い","description":"経理PCに身代金要求画面","category":"malware","sign":"ransom_screen","reporter":{"name":"佐藤"},"impact":{"business":true}}' >"$TMPDIR/r1.json"
expect_rc 0 "report from stdin" -- sh -c "\"$MOSHIMO\" report < \"$TMPDIR/r1.json\""
expect_grep "$TMPDIR/out" "Reported INC-0001: ランサムウェア感染の疑い" "acknowledged with its id"
expect_grep "$TMPDIR/out" "Level 2" "triaged to level 2 (business affected)"
expect_grep "$TMPDIR/out" "【すぐにすること】" "immediate actions, in Japanese"
expect_grep "$TMPDIR/out" "身代金を支払わない" "the sign's don'ts"
expect_no_grep "$TMPDIR/out" "【ウイルス感染時の初期対応】" "no virus self-help for a ransom screen (002 4.3: encrypted files, stop and ask)"
expect_no_grep "$TMPDIR/out" "定義ファイルを最新版に更新" "not told to update definitions on a ransom screen"
mode=$(stat -c %a "$D/moshimo.db")
[ "$mode" = 600 ] && ok "database is 0600" || not_ok "database mode $mode"
mode=$(stat -c %a "$D")
[ "$mode" = 700 ] && ok "data folder is 0700" || not_ok "data folder mode $mode"

cat >"$TMPDIR/r2.json" <<'JSON'
{"title": "顧客名簿のメール誤送信", "category": "leak",
 "discovered_at": "2026-11-20T10:00:00+09:00",
 "reporter": {"name": "取引先の担当者", "contact": "03-1234-5678", "external": true},
 "impact": {"customers": true, "personal_data": true},
 "facts": {"persons": 1500, "malicious": false, "data_kinds": "氏名、メールアドレス"}}
JSON
expect_rc 0 "report --file --json" -- "$MOSHIMO" report --file "$TMPDIR/r2.json" --json
expect_grep "$TMPDIR/out" '"ref": "INC-0002"' "JSON has the ref"
expect_grep "$TMPDIR/out" '"level": 3' "personal data leaked: level 3"
expect_grep "$TMPDIR/out" '"discovered_at": "2026-11-20T10:00:00+09:00"' "times in Asia/Tokyo"
expect_grep "$TMPDIR/out" '"actions"' "JSON has the immediate actions"
expect_grep "$TMPDIR/out" '"id": "ppc_prompt"' "PPC 速報 owed"
n=$(jq '.steps | length' "$TMPDIR/out")
[ "$n" = 8 ] && ok "leak level 3: eight steps" || not_ok "leak level 3: $n steps"

expect_rc 0 "list" -- "$MOSHIMO" list
expect_grep "$TMPDIR/out" "INC-0002" "list shows INC-0002"
expect_grep "$TMPDIR/out" "[漏えい・流出] 顧客名簿のメール誤送信" "list shows category and title"
first=$(sed -n 2p "$TMPDIR/out" | cut -c1-8)
[ "$first" = INC-0002 ] && ok "newest first" || not_ok "first row: $first"
expect_rc 0 "list --json" -- "$MOSHIMO" list --json
n=$(jq length "$TMPDIR/out")
[ "$n" = 2 ] && ok "list --json has 2" || not_ok "list --json has $n"
expect_rc 0 "list --status closed" -- "$MOSHIMO" list --status closed
expect_grep "$TMPDIR/out" "No incidents." "no closed incidents"
expect_rc 2 "list --status bogus" -- "$MOSHIMO" list --status bogus

expect_rc 0 "show" -- "$MOSHIMO" show INC-0002
expect_grep "$TMPDIR/out" "取引先の担当者 / 03-1234-5678 (external)" "external reporter's contact"
expect_grep "$TMPDIR/out" "発見者は即座にインシデント対応責任者及び代表取締役社長に報告する。" "checklist"
expect_grep "$TMPDIR/out" "個人情報保護委員会への速報: due 2026-11-24 23:59" "PPC 速報 (④ 1,500 persons) due at the end of day 5, discovery day being day 1"
expect_grep "$TMPDIR/out" "個人情報保護委員会への確報: due 2026-12-19 23:59" "PPC 確報 due at the end of day 30"
expect_grep "$TMPDIR/out" "Open decisions for this phase" "open decisions listed"
expect_grep "$TMPDIR/out" "intake/record" "the intake point triage did not answer"
expect_rc 0 "show --json" -- "$MOSHIMO" show 2 --json
[ "$(jq -r .facts.persons "$TMPDIR/out")" = 1500 ] && ok "facts in JSON" || not_ok "facts in JSON"

# Bad input: exit 1, a message naming the problem, nothing changed.
before=$(rows)
bad() {
	printf '%s' "$2" >"$TMPDIR/bad.json"
	expect_rc 1 "$1" -- "$MOSHIMO" report --file "$TMPDIR/bad.json"
	expect_grep "$TMPDIR/err" "$3" "$1: says \"$3\""
}
bad "malformed JSON" '{"title": "x", "category": ' "malformed JSON"
bad "unknown category" '{"title":"x","category":"fire"}' 'unknown category "fire" (known: leak, tamper, malware, impersonation, disaster, other)'
bad "missing title" '{"category":"leak"}' '"title" is required'
bad "unknown key" '{"title":"x","category":"leak","severity":3}' '"severity": unknown key'
bad "invalid date" '{"title":"x","category":"leak","discovered_at":"2026-13-01T00:00:00Z"}' 'must be a date and time'
bad "wrong type" '{"title":"x","category":"leak","impact":{"business":"yes"}}' '"impact.business": must be true'
bad "external without contact" '{"title":"x","category":"leak","reporter":{"external":true}}' 'reporter.contact'
expect_grep "$TMPDIR/err" "bad.json: error:" "the file is named in the message"
[ "$(rows)" = "$before" ] && ok "nothing changed by bad input" || not_ok "rows changed: $before -> $(rows)"
expect_rc 1 "show unknown id" -- "$MOSHIMO" show 99
expect_grep "$TMPDIR/err" "no incident INC-0099" "unknown id is named"
expect_rc 2 "show bad id" -- "$MOSHIMO" show abc
expect_rc 1 "report: missing file" -- "$MOSHIMO" report --file "$TMPDIR/nope.json"

# A fresh folder: reading commands work without creating anything.
expect_rc 0 "list in an empty folder" -- "$MOSHIMO" list --data "$TMPDIR/empty"
expect_grep "$TMPDIR/out" "No incidents." "empty folder has no incidents"
[ ! -e "$TMPDIR/empty" ] && ok "list created nothing" || not_ok "list created the folder"
finish
