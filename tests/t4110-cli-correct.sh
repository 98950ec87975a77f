#!/bin/sh
# Corrections on the command line: moshimo category (with a reason,
# re-planned, the level raised to the new minimum), moshimo close
# --false-alarm and --duplicate-of (no cause, measures, lessons), the
# wrong combinations refused with nothing changed, and reopening.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-12-01T20:00:00+09:00
"$MOSHIMO" init >/dev/null 2>&1 || not_ok "init"
echo '{"title":"不審なメール","sign":"suspicious_mail"}' | "$MOSHIMO" report >/dev/null
echo '{"title":"同じ不審なメール","sign":"suspicious_mail"}' | "$MOSHIMO" report >/dev/null
echo '{"title":"画面が一瞬消えた","sign":"other"}' | "$MOSHIMO" report >/dev/null

expect_rc 2 "category without a reason" -- "$MOSHIMO" category 1 leak
expect_rc 1 "unknown category" -- "$MOSHIMO" category 1 fire --reason x
expect_grep "$TMPDIR/err" 'fire' "names the unknown category"
expect_rc 0 "category change" -- "$MOSHIMO" category 1 leak --reason 添付に顧客名簿
"$MOSHIMO" show 1 --json >"$TMPDIR/j"
[ "$(jq -r .category "$TMPDIR/j")" = leak ] && ok "now a leak" || not_ok "category"
[ "$(jq -r .level "$TMPDIR/j")" = 2 ] && ok "raised to the leak minimum, level 2" || not_ok "level"
jq -r '.steps[].action' "$TMPDIR/j" >"$TMPDIR/steps"
expect_grep "$TMPDIR/steps" "漏えい先を調査" "re-planned from the leak playbook"
expect_rc 1 "the same category again" -- "$MOSHIMO" category 1 leak --reason x

expect_rc 2 "false alarm with a cause" -- "$MOSHIMO" close 3 --false-alarm --cause x
expect_rc 2 "false alarm and duplicate" -- "$MOSHIMO" close 3 --false-alarm --duplicate-of 1
expect_rc 1 "duplicate of itself" -- "$MOSHIMO" close 2 --duplicate-of INC-2
expect_rc 1 "duplicate of nothing" -- "$MOSHIMO" close 2 --duplicate-of INC-99
[ "$("$MOSHIMO" show 2 --json | jq -r .status)" = reported ] && ok "nothing changed" || not_ok "changed"
expect_rc 0 "close as a duplicate" -- "$MOSHIMO" close 2 --duplicate-of INC-1 --reason 同じメール
"$MOSHIMO" show 2 >"$TMPDIR/show"
expect_grep "$TMPDIR/show" "INC-0001の重複としてクローズ: 同じメール" "the timeline names the original"
expect_rc 0 "close as a false alarm" -- "$MOSHIMO" close 3 --false-alarm
[ "$("$MOSHIMO" show 3 --json | jq -r .status)" = closed ] && ok "closed" || not_ok "not closed"
expect_rc 0 "reopen a false alarm" -- "$MOSHIMO" reopen 3 --reason 再発した

# Times as people type them, in the policy's zone (Asia/Tokyo), and
# full-width phone numbers (issue 11 item 8).
for when in "2026/11/30 18:30" "2026-11-30 18:30" "11/30 18:30" "2026-11-30T18:30:00+09:00" "２０２６／１１／３０　１８：３０"; do
	"$MOSHIMO" set 3 occurred_at "" >/dev/null 2>&1
	expect_rc 0 "set occurred_at \"$when\"" -- "$MOSHIMO" set 3 occurred_at "$when"
	[ "$("$MOSHIMO" show 3 --json | jq -r .occurred_at)" = 2026-11-30T18:30:00+09:00 ] &&
		ok "\"$when\" is 18:30 in Tokyo" || not_ok "\"$when\" read wrongly"
done
expect_rc 1 "a time that is no time" -- "$MOSHIMO" set 3 occurred_at "2026/11/31 18:30"
expect_grep "$TMPDIR/err" "2026/11/22 10:00" "the error shows the forms accepted"
echo '{"title":"電話で報告","sign":"other","discovered_at":"11/30 18:45","reporter":{"name":"佐藤","contact":"０９０－１２３４－５６７８","external":true}}' |
	"$MOSHIMO" report --json >"$TMPDIR/j"
[ "$(jq -r .discovered_at "$TMPDIR/j")" = 2026-11-30T18:45:00+09:00 ] && ok "report: 11/30 18:45" || not_ok "report time"
[ "$(jq -r .reporter.contact "$TMPDIR/j")" = 090-1234-5678 ] && ok "report: full-width phone normalised" || not_ok "phone"
finish
