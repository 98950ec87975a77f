#!/bin/sh
# An upgrade says so: opening a schema-2 database (the fixture of t4210)
# with this program migrates it and prints one line naming the versions
# (the journal's line under systemd); the next open prints nothing, and a
# new database is not called a migration.
. tests/lib.sh

D="$TMPDIR/old"
mkdir -m 700 "$D"
cp data/policy.yaml "$D/policy.yaml"
sqlite3 "$D/moshimo.db" < tests/fixtures/audit-v2.sql
expect_rc 0 "the old database opens for writing (audit verify)" -- "$MOSHIMO" audit verify --data "$D"
want=$(sqlite3 "$D/moshimo.db" 'PRAGMA user_version')
expect_grep "$TMPDIR/err" "was migrated from schema 2 to $want" "one line says it migrated from 2 to $want"
n=$(grep -c 'migrated' "$TMPDIR/err")
[ "$n" = 1 ] && ok "exactly one line" || not_ok "$n lines about the migration"
expect_rc 0 "the second open" -- "$MOSHIMO" audit verify --data "$D"
expect_no_grep "$TMPDIR/err" "migrated" "says nothing: nothing migrated"
N="$TMPDIR/new"
echo '{"title": "t", "category": "malware"}' >"$TMPDIR/r.json"
expect_rc 0 "a report into a new folder" -- "$MOSHIMO" report --file "$TMPDIR/r.json" --data "$N"
expect_no_grep "$TMPDIR/err" "migrated" "a new database is not called a migration"
finish
