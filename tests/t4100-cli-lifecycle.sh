#!/bin/sh
# From report to closed case on the command line: steps, notes, level,
# status, record items, decisions, close and reopen; who and when on the
# timeline; edits of a closed incident refused with nothing changed.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
mkdir -p "$D" && cp tests/fixtures/minimal.yaml "$D/policy.yaml"
cat >>"$D/policy.yaml" <<'YAML'
decisions:
  - id: intake
    title: インシデントの発見及び報告
    points:
      - {id: record, question: すべてのインシデントの取り扱いに関する記録をとる}
YAML
audit_rows() { sqlite3 "$D/moshimo.db" "SELECT count(*) FROM audit"; }

echo '{"title":"USBメモリの紛失","category":"leak","sign":null}' |
	"$MOSHIMO" report >/dev/null || not_ok "report"
expect_rc 0 "step 1 done --as" -- "$MOSHIMO" step 1 1 done --as 鈴木
expect_grep "$TMPDIR/out" "INC-0001: step 1 is done" "step done"
expect_rc 1 "step again" -- "$MOSHIMO" step 1 1 done
expect_grep "$TMPDIR/err" "already done" "already done"
expect_rc 1 "step out of range" -- "$MOSHIMO" step 1 9 done
expect_grep "$TMPDIR/err" "no step 9: the checklist has steps 1 to 1" "range named"
expect_rc 2 "step: bad state word" -- "$MOSHIMO" step 1 1 finished
expect_rc 2 "step: bad number" -- "$MOSHIMO" step 1 x done
expect_rc 0 "note" -- "$MOSHIMO" note 1 "駅の忘れ物センターに問い合わせ中"
expect_rc 1 "note: unknown id" -- "$MOSHIMO" note 7 "x"
expect_rc 2 "level needs a reason" -- "$MOSHIMO" level 1 3
expect_rc 1 "bad level" -- "$MOSHIMO" level 1 7 --reason x
expect_grep "$TMPDIR/err" "level 7 is not in the policy's level table" "bad level named"
expect_rc 1 "below the category minimum" -- "$MOSHIMO" level 1 1 --reason x
expect_rc 0 "level 3" -- "$MOSHIMO" level 1 3 --reason "顧客名簿が入っていた" --json
[ "$(jq .level "$TMPDIR/out")" = 3 ] && ok "level is 3" || not_ok "level"
[ "$(jq -r .owner "$TMPDIR/out")" = 山田太郎 ] && ok "owner follows the level" || not_ok "owner"
[ "$(jq -r '.steps[0].state' "$TMPDIR/out")" = done ] && ok "done step kept" || not_ok "done step"
[ "$(jq -r '.steps[0].by' "$TMPDIR/out")" = 鈴木 ] && ok "who did it kept" || not_ok "by"
[ "$(jq '.steps | length' "$TMPDIR/out")" = 3 ] && ok "re-planned to level 3" || not_ok "steps"
expect_rc 0 "set a fact" -- "$MOSHIMO" set 1 persons 40
expect_rc 1 "set: bad number" -- "$MOSHIMO" set 1 persons many
expect_rc 1 "set: unknown field" -- "$MOSHIMO" set 1 colour red
expect_grep "$TMPDIR/err" 'unknown field "colour"' "unknown field named"
expect_rc 1 "set: bad date" -- "$MOSHIMO" set 1 occurred_at yesterday
expect_rc 0 "status initial" -- "$MOSHIMO" status 1 initial
expect_rc 1 "monitoring before recovery" -- "$MOSHIMO" status 1 monitoring
expect_rc 2 "unknown status" -- "$MOSHIMO" status 1 done
expect_rc 0 "decide" -- "$MOSHIMO" decide 1 intake/record "記録を開始" --why "全件記録"
expect_rc 1 "decide unknown point" -- "$MOSHIMO" decide 1 intake/nosuch "x"
expect_rc 0 "status recovery" -- "$MOSHIMO" status 1 recovery
expect_rc 1 "close without cause" -- "$MOSHIMO" close 1 --measures m --lessons l
expect_grep "$TMPDIR/err" "cause is missing (--cause TEXT)" "missing cause named"
expect_rc 1 "close with open steps" -- "$MOSHIMO" close 1 --cause c --measures m --lessons l
expect_grep "$TMPDIR/err" "step 2 is still to do" "open step named"
"$MOSHIMO" step 1 2 done >/dev/null
expect_rc 1 "skip needs a reason" -- "$MOSHIMO" step 1 3 skip
"$MOSHIMO" step 1 3 skip --note "公表は不要と判断" >/dev/null
expect_rc 0 "close" -- "$MOSHIMO" close 1 --cause "鞄の置き忘れ" --measures "USBメモリの暗号化を必須に" --lessons "持ち出し記録を徹底"
expect_grep "$TMPDIR/out" "INC-0001: closed" "closed"
expect_rc 0 "list --status closed" -- "$MOSHIMO" list --status closed
expect_grep "$TMPDIR/out" "INC-0001" "listed as closed"

# A closed incident: every edit is refused and changes nothing.
before=$(audit_rows)
expect_rc 1 "closed: note" -- "$MOSHIMO" note 1 "追記"
expect_grep "$TMPDIR/err" "INC-0001 is closed; reopen it first" "closed: says so"
expect_rc 1 "closed: step" -- "$MOSHIMO" step 1 1 reopen
expect_rc 1 "closed: level" -- "$MOSHIMO" level 1 2 --reason x
expect_rc 1 "closed: set" -- "$MOSHIMO" set 1 cause x
expect_rc 1 "closed: status" -- "$MOSHIMO" status 1 recovery
expect_rc 1 "closed: close again" -- "$MOSHIMO" close 1
[ "$(audit_rows)" = "$before" ] && ok "nothing changed" || not_ok "audit rows changed"
expect_rc 2 "reopen needs a reason" -- "$MOSHIMO" reopen 1
expect_rc 0 "reopen" -- "$MOSHIMO" reopen 1 --reason "別の媒体も紛失していた" --json
[ "$(jq -r .status "$TMPDIR/out")" = recovery ] && ok "back to recovery" || not_ok "status after reopen"

# The timeline has who, when and before → after for every change, in the
# label table's words (engine/labels.c).
expect_rc 0 "show" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "鈴木 [cli:$(id -un)] step      step 1: to do → done" "step change with who (and the login)"
expect_grep "$TMPDIR/out" "level: Level 2 → Level 3 顧客名簿が入っていた" "level change with reason"
expect_grep "$TMPDIR/out" "persons: — → 40" "fact change"
expect_grep "$TMPDIR/out" "status: initial response → recovery" "status change"
expect_grep "$TMPDIR/out" "駅の忘れ物センターに問い合わせ中" "note"
expect_grep "$TMPDIR/out" "reopen    status: closed → recovery 別の媒体も紛失していた" "reopen with reason"
expect_rc 0 "audit verify" -- "$MOSHIMO" audit verify
finish
