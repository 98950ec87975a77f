#!/bin/sh
# Incidents keep their words: one filed while the policy still had 〇〇 〇〇
# shows the role's holder once setup names them (owner, steps' persons and
# 事業者), with the change on its timeline; one filed after is untouched.
. tests/lib.sh

d="$TMPDIR/data"
"$MOSHIMO" init "$d" >/dev/null
printf '{"title":"ランサムウェアの画面","category":"malware","impact":{"business":true}}' >"$TMPDIR/r.json"
expect_rc 0 "an incident filed before the names" -- "$MOSHIMO" report --file "$TMPDIR/r.json" --data "$d"
expect_rc 0 "show it" -- "$MOSHIMO" show 1 --data "$d"
expect_grep "$TMPDIR/out" "〇〇 〇〇 (対応責任者)" "its owner is the template's 〇〇 〇〇"

expect_rc 0 "setup names the holders" -- "$MOSHIMO" setup --answers tests/fixtures/setup/answers.yaml --data "$d"
expect_grep "$TMPDIR/out" "1 incidents" "setup says one incident now shows the holder"
expect_rc 0 "show it again" -- "$MOSHIMO" show 1 --data "$d"
expect_grep "$TMPDIR/out" "佐藤 花子 (対応責任者)" "the owner is the role's holder now"
expect_grep "$TMPDIR/out" "情報システム管理者 (佐藤 花子)" "the steps' persons too"
expect_grep "$TMPDIR/out" "株式会社もしも商事" "and 事業者 is the company's name"
expect_grep "$TMPDIR/out" "owner: 〇〇 〇〇 → 佐藤 花子" "the timeline records the change"
if sed -n '/^Checklist/,/^Timeline/p' "$TMPDIR/out" | grep -E '^ +[0-9]+\. ' | grep -q '〇〇'; then
	not_ok "a step still shows 〇〇"
else
	ok "no step shows 〇〇"
fi
expect_rc 0 "show --json" -- "$MOSHIMO" show 1 --json --data "$d"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["owner"] == "佐藤 花子", j["owner"]' "$TMPDIR/out" \
	&& ok "the JSON owner is the holder" || not_ok "the JSON owner is not the holder"

# filed after: named at once, and a later setup run changes nothing of it
expect_rc 0 "an incident filed after" -- "$MOSHIMO" report --file "$TMPDIR/r.json" --data "$d"
printf 'president.phone: 090-1212-3434\n' >"$TMPDIR/a2.yaml"
expect_rc 0 "another setup" -- "$MOSHIMO" setup --answers "$TMPDIR/a2.yaml" --data "$d"
expect_no_grep "$TMPDIR/out" "incidents filed before" "nothing left to refresh"
"$MOSHIMO" show 2 --data "$d" >"$TMPDIR/out2"
expect_grep "$TMPDIR/out2" "佐藤 花子 (対応責任者)" "the later incident is named at once"
expect_no_grep "$TMPDIR/out2" "owner: 〇〇" "and has no owner change"
expect_rc 0 "the audit chain holds" -- "$MOSHIMO" audit verify --data "$d"

finish
