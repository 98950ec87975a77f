#!/bin/sh
# Escalation on the command line with a test clock: a level-3 report tells
# the chain's first step, `notify run --once` fires the chief's step at +15
# min (not at +14), `moshimo ack` stops it and is on the timeline; check
# finds a broken escalation with positions; ack of an unknown incident is
# refused.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
mkdir -p "$D"
python3 - "$D" <<'PY'
import os, sys
text = open("data/policy.yaml", encoding="utf-8").read()
a, b = text.index("\npeople:\n"), text.index("\nlevels:\n")
people = """people:
  - {id: president, name: 髙橋 一郎, roles: [chief], phone: 090-1111-1111, email: president@example.co.jp}
  - {id: incident_manager, name: 山田 太郎, roles: [manager], phone: 090-2222-2222, email: incident@example.co.jp}
  - {id: system_admin, name: 佐藤 花子, roles: [sysadmin, first_responder], phone: 090-3333-3333, email: system@example.co.jp}
"""
open(os.path.join(sys.argv[1], "policy.yaml"), "w", encoding="utf-8").write(text[:a + 1] + people + text[b + 1:])
PY
# SMTP on a port nobody listens on: the messages wait in the outbox.
printf 'smtp: {url: "smtp://127.0.0.1:9", from: "moshimo <m@example.co.jp>"}\n' >"$D/notify.yaml"
chmod 600 "$D/notify.yaml" "$D/policy.yaml"
events() { sqlite3 "$D/moshimo.db" "SELECT kind || ': ' || coalesce(text, '') FROM events WHERE incident_id = $1 ORDER BY id"; }
unsent() { sqlite3 "$D/moshimo.db" "SELECT count(*) FROM outbox WHERE purpose = '$1' AND person = '$2'"; }

export MOSHIMO_NOW=2026-11-18T10:00:00+09:00
echo '{"title":"顧客名簿の流出","category":"leak","impact":{"customers":true}}' |
	"$MOSHIMO" report >/dev/null 2>"$TMPDIR/err" || not_ok "report"
[ "$(unsent report incident_manager)" = 1 ] && [ "$(unsent report system_admin)" = 1 ] &&
	ok "the report queued the manager's and the sysadmin's messages" || not_ok "first step"
[ "$(unsent report president)" = 0 ] && ok "not the president yet" || not_ok "president early"

MOSHIMO_NOW=2026-11-18T10:14:00+09:00 "$MOSHIMO" notify run --once >/dev/null 2>&1
[ "$(unsent escalation president)" = 0 ] && ok "+14 min: nothing for the president" ||
	not_ok "+14 min sent"
MOSHIMO_NOW=2026-11-18T10:15:00+09:00 "$MOSHIMO" notify run --once >/dev/null 2>&1
[ "$(unsent escalation president)" = 1 ] && ok "+15 min: notify run fires the president's step" ||
	not_ok "+15 min"
events 1 >"$TMPDIR/ev"
expect_grep "$TMPDIR/ev" "escalation: 代表取締役に通知（15分間応答なし）" "the timeline says why"

export MOSHIMO_NOW=2026-11-18T10:20:00+09:00
expect_rc 0 "moshimo ack" -- "$MOSHIMO" ack 1 --as president
expect_grep "$TMPDIR/out" "INC-0001" "ack names the incident"
events 1 >"$TMPDIR/ev"
expect_grep "$TMPDIR/ev" "ack: 髙橋 一郎さんが確認しました（コマンド（moshimo ack））。エスカレーションを停止しました" "ack on the timeline"
[ "$(unsent ack incident_manager)" = 1 ] && [ "$(unsent ack president)" = 0 ] &&
	ok "the others hear who is on it" || not_ok "ack messages"
sqlite3 "$D/moshimo.db" "SELECT body FROM outbox WHERE purpose = 'ack' LIMIT 1" >"$TMPDIR/body"
expect_grep "$TMPDIR/body" "髙橋 一郎さんが対応中です" "「…さんが対応中です」"
MOSHIMO_NOW=2026-11-18T11:30:00+09:00 "$MOSHIMO" notify run --once >/dev/null 2>&1
[ "$(sqlite3 "$D/moshimo.db" "SELECT count(*) FROM outbox WHERE purpose = 'escalation'")" = 1 ] &&
	ok "after the ack, the next rounds never fire" || not_ok "escalated after ack"
expect_rc 1 "ack of an unknown incident" -- "$MOSHIMO" ack 9
expect_rc 2 "ack without an id" -- "$MOSHIMO" ack

# check: positioned findings for a broken escalation.
sed -e 's/      - after: 15m/      - after: -15m/' -e 's/^  to: "18:00"/  to: "8時"/' \
	"$D/policy.yaml" >"$TMPDIR/bad.yaml"
expect_rc 1 "check a broken escalation" -- "$MOSHIMO" check "$TMPDIR/bad.yaml"
grep -Eq 'bad\.yaml:[0-9]+:16: error: .*-15m' "$TMPDIR/err" &&
	ok "negative wait with its position" || not_ok "negative wait"
grep -Eq 'bad\.yaml:[0-9]+:7: error: .*8時' "$TMPDIR/err" &&
	ok "bad time with its position" || not_ok "bad time"
expect_rc 0 "check the good one" -- "$MOSHIMO" check "$D/policy.yaml"
finish
