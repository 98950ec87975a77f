#!/bin/sh
# The options the command table's flags ask for (--as, --json) are taken once
# before the command runs, wherever they stand and in either spelling; "--"
# ends them; a missing or unwanted value is a usage error naming the option;
# a command whose row does not ask for them refuses them; and the incident
# commands still record who acted and print JSON as before (t2302 checks
# that each row's help lists what its flags take).
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-11-18T10:00:00+09:00
events() { sqlite3 "$D/moshimo.db" "SELECT who || ' ' || kind || ': ' || coalesce(text, '') FROM events WHERE incident_id = 1 ORDER BY id"; }

echo '{"title":"不審なメール","category":"malware"}' | "$MOSHIMO" report >/dev/null 2>&1 ||
	not_ok "report"

expect_rc 0 "--as before the operands" -- "$MOSHIMO" note --as 山田 1 "一つ目"
expect_rc 0 "--as=NAME after the operands" -- "$MOSHIMO" note 1 "二つ目" --as=佐藤
expect_rc 0 "no --as: \$MOSHIMO_USER" -- "$MOSHIMO" note 1 "三つ目"
expect_rc 0 "--as after --data" -- "$MOSHIMO" step 1 1 doing --data "$D" --as 鈴木 --note "確認中"
events >"$TMPDIR/ev"
expect_grep "$TMPDIR/ev" "山田 note: 一つ目" "--as NAME is who acted"
expect_grep "$TMPDIR/ev" "佐藤 note: 二つ目" "--as=NAME is who acted"
expect_grep "$TMPDIR/ev" "tester note: 三つ目" "without --as: \$MOSHIMO_USER"
expect_grep "$TMPDIR/ev" "鈴木 step" "a command's own option beside --as"

expect_rc 0 "--json first" -- "$MOSHIMO" note --json 1 "四つ目"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ref"] == "INC-0001"' \
	"$TMPDIR/out" && ok "--json prints the incident as JSON" || not_ok "--json output"
expect_rc 0 "without --json" -- "$MOSHIMO" set 1 affected_systems メール
expect_grep "$TMPDIR/out" "INC-0001: affected_systems recorded" "the line without --json"

expect_rc 0 "after --: an operand" -- "$MOSHIMO" note 1 -- --json
events >"$TMPDIR/ev"
expect_grep "$TMPDIR/ev" "tester note: --json" "\"--json\" after -- is the note's text"

expect_rc 2 "--as without a name" -- "$MOSHIMO" note 1 "x" --as
expect_grep "$TMPDIR/err" "--as" "the error names --as"
expect_rc 2 "--json=VALUE" -- "$MOSHIMO" ack 1 --json=yes
expect_grep "$TMPDIR/err" "--json=yes" "the error names --json=yes"
expect_rc 2 "an unknown option still refused" -- "$MOSHIMO" level 1 2 --reason x --bogus
expect_grep "$TMPDIR/err" "--bogus" "the error names --bogus"
expect_rc 2 "--as for a command whose row does not take it" -- "$MOSHIMO" export 1 --as x
expect_rc 2 "--asx is not --as" -- "$MOSHIMO" note 1 "x" --asx y

before=$(sqlite3 "$D/moshimo.db" "SELECT count(*) FROM events; SELECT count(*) FROM audit")
"$MOSHIMO" note 1 "" --as 山田 >/dev/null 2>&1
"$MOSHIMO" level 1 9 --reason "x" --as 山田 --json >/dev/null 2>&1
"$MOSHIMO" step 1 999 done --json >/dev/null 2>&1
after=$(sqlite3 "$D/moshimo.db" "SELECT count(*) FROM events; SELECT count(*) FROM audit")
[ "$before" = "$after" ] && ok "refused operations changed nothing" ||
	not_ok "refused operations changed something: $before -> $after"

finish
