#!/bin/sh
# moshimo audit verify: a clean chain verifies; a row edited with the
# sqlite3 shell (the chain, or the data) is found and named; backups are
# verified copies.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
for i in 1 2 3; do
	echo "{\"title\":\"インシデント$i\",\"category\":\"tamper\",\"impact\":{\"business\":true}}" |
		"$MOSHIMO" report >/dev/null || not_ok "report $i"
done
"$MOSHIMO" note 2 "メモ" >/dev/null
"$MOSHIMO" step 2 1 done >/dev/null
expect_rc 0 "verify a clean chain" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/out" "audit chain OK" "OK"
expect_rc 0 "verify --json" -- "$MOSHIMO" audit verify --json
[ "$(jq .ok "$TMPDIR/out")" = true ] && ok "json ok" || not_ok "json ok"

expect_rc 0 "backup" -- "$MOSHIMO" backup "$TMPDIR/backup.tar"
[ "$(stat -c %a "$TMPDIR/backup.tar")" = 600 ] && ok "backup is 0600" || not_ok "backup mode"
mkdir -p "$TMPDIR/x" && tar -xf "$TMPDIR/backup.tar" -C "$TMPDIR/x" moshimo.db
[ "$(sqlite3 "$TMPDIR/x/moshimo.db" 'PRAGMA integrity_check')" = ok ] && ok "backup integrity" || not_ok "backup integrity"
[ "$(sqlite3 "$TMPDIR/x/moshimo.db" 'SELECT count(*) FROM incidents')" = 3 ] && ok "backup has the incidents" || not_ok "backup content"
expect_rc 0 "the backup restores as a data folder" -- "$MOSHIMO" restore "$TMPDIR/backup.tar" "$TMPDIR/restored" --key "$D/audit.key"
expect_rc 0 "the restored folder verifies" -- "$MOSHIMO" audit verify --data "$TMPDIR/restored"

# Edit an audit row behind moshimo's back.
cp "$D/moshimo.db" "$TMPDIR/clean.db"
sqlite3 "$D/moshimo.db" "DROP TRIGGER audit_no_update; UPDATE audit SET who = 'mallory' WHERE seq = 5;"
expect_rc 1 "an edited audit row is found" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "the audit chain is broken at row 5" "the first broken row is named"
expect_rc 1 "backup refuses a broken chain" -- "$MOSHIMO" backup "$TMPDIR/backup2.tar"
[ ! -e "$TMPDIR/backup2.tar" ] && ok "no broken backup written" || not_ok "broken backup written"

# Edit the incident data instead.
cp "$TMPDIR/clean.db" "$D/moshimo.db"
expect_rc 0 "restored copy verifies" -- "$MOSHIMO" audit verify
sqlite3 "$D/moshimo.db" "UPDATE incidents SET level = 0 WHERE id = 2;"
expect_rc 1 "an edited incident is found" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "incidents row 2 differs from its last audited state" "the row is named"
cp "$TMPDIR/clean.db" "$D/moshimo.db"
sqlite3 "$D/moshimo.db" "DROP TRIGGER events_no_update; UPDATE events SET text = '改ざん' WHERE kind = 'note';"
expect_rc 1 "an edited note is found" -- "$MOSHIMO" audit verify --json
[ "$(jq .ok "$TMPDIR/out")" = false ] && ok "json says not ok" || not_ok "json not ok"
expect_grep "$TMPDIR/out" "events row" "json names the row"
finish
