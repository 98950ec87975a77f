#!/bin/sh
# The keyed audit chain (issue 10, item 6): users, roles, tokens, report
# owners and settings are in it; a reporter made admin with sqlite3, the
# newest rows deleted with their audit tail, a row rewritten with every
# later hash recomputed with plain SHA-256, a wrong or missing key: each
# fails `audit verify`, which says what is wrong. An old (SHA-256) chain is
# re-keyed once on migration, recorded as an audit row.
. tests/lib.sh

D="$TMPDIR/data"
DB="$D/moshimo.db"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
report() {
	echo "{\"title\":\"$1\",\"category\":\"tamper\",\"impact\":{\"business\":true}}" |
		"$MOSHIMO" report >/dev/null || not_ok "report $1"
}
report "一件目"
printf 'reporter-pass-1\n' | "$MOSHIMO" user add hanako --role reporter --display 花子 --password-stdin >/dev/null ||
	not_ok "user add hanako"
printf 'manager-pass-1\n' | "$MOSHIMO" user add boss --role manager --display 部長 --password-stdin >/dev/null ||
	not_ok "user add boss"
"$MOSHIMO" token create --role responder --label bot >/dev/null 2>&1 || not_ok "token create"
report "二件目"

[ "$(stat -c %a "$D/audit.key")" = 600 ] && ok "audit.key is 0600" || not_ok "audit.key mode"
[ "$(stat -c %a "$D/audit.anchor")" = 600 ] && ok "audit.anchor is 0600" || not_ok "audit.anchor mode"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE tbl = 'users'")" -ge 2 ] &&
	ok "users are in the chain" || not_ok "users in the chain"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE tbl = 'api_tokens'")" = 1 ] &&
	ok "tokens are in the chain" || not_ok "tokens in the chain"
ROWS=$(sqlite3 "$DB" "SELECT max(seq) FROM audit")
grep -q "^rows $ROWS\$" "$D/audit.anchor" && ok "the anchor has the head's row count" ||
	not_ok "anchor rows ($ROWS): $(cat "$D/audit.anchor")"
expect_rc 0 "a clean keyed chain verifies" -- "$MOSHIMO" audit verify
cp "$DB" "$TMPDIR/clean.db"
cp "$D/audit.anchor" "$TMPDIR/clean.anchor"
restore() { cp "$TMPDIR/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; cp "$TMPDIR/clean.anchor" "$D/audit.anchor"; }

# 1. A reporter made admin behind moshimo's back.
sqlite3 "$DB" "UPDATE users SET role = 'admin' WHERE name = 'hanako'"
expect_rc 1 "a reporter made admin with sqlite3 fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "users row" "the users row is named"
restore
sqlite3 "$DB" "UPDATE api_tokens SET role = 'admin'"
expect_rc 1 "a token's role raised with sqlite3 fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "api_tokens row 1" "the token row is named"
restore
sqlite3 "$DB" "INSERT INTO report_owners (incident_id, principal) VALUES (1, 'user:1')"
expect_rc 1 "a report given to a filer with sqlite3 fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "report_owners row" "the report_owners row is named"
restore
sqlite3 "$DB" "INSERT INTO web_settings (key, value) VALUES ('report_link', 'x')"
expect_rc 1 "a setting added with sqlite3 fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "never audited" "an unaudited row is named"
restore
# Sessions and login failures are not records: changing them is not a finding.
sqlite3 "$DB" "INSERT INTO login_failures (key, count, first_at) VALUES ('user:x', 3, 0)"
expect_rc 0 "login failure counters stay outside the chain" -- "$MOSHIMO" audit verify
restore

# 2. The newest incident deleted with its audit tail: only the anchor knows.
N=$(sqlite3 "$DB" "SELECT max(seq) FROM audit")
report "三件目"
sqlite3 "$DB" "DROP TRIGGER audit_no_delete; DROP TRIGGER events_no_delete;
	DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE incident_id = 3;
	DELETE FROM events WHERE incident_id = 3; DELETE FROM steps WHERE incident_id = 3;
	DELETE FROM search WHERE rowid = 3; DELETE FROM incidents WHERE id = 3;
	DELETE FROM audit WHERE seq > $N;"
[ "$(sqlite3 "$DB" 'SELECT count(*) FROM incidents')" = 2 ] && ok "incident 3 is gone" || not_ok "delete"
expect_rc 1 "a truncated tail fails verify (via the anchor)" -- "$MOSHIMO" audit verify --json
[ "$(jq -r .kind "$TMPDIR/out")" = truncated ] && ok "json kind: truncated" || not_ok "kind $(cat "$TMPDIR/out")"
expect_grep "$TMPDIR/out" "the anchor says" "the anchor's count is named"
restore

# 3. A row rewritten and every later hash recomputed. The recomputation is
# right: with the key it reproduces the stored hashes exactly.
cat > "$TMPDIR/rechain.py" <<'EOF'
import hashlib, hmac, sqlite3, sys
db, key_file, mode, edit_seq = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
key = bytes.fromhex(open(key_file).read().strip())
def field(s):
    if s is None:
        return b"-0:"
    b = s.encode()
    return str(len(b)).encode() + b":" + b
def blob(b):
    return bytes([len(b or b"")]) + (b or b"")
con = sqlite3.connect(db)
rows = con.execute("SELECT seq, at, who, login, tbl, key, op, digest, hash FROM audit ORDER BY seq").fetchall()
prev = bytes(32)
same = 0
for seq, at, who, login, tbl, k, op, digest, stored in rows:
    if seq == edit_seq:
        who = "mallory"
    msg = field("moshimo-audit-3") + blob(prev) + field(str(seq)) + field(at) + field(who) + \
        field(login) + field(tbl) + field(k) + field(op) + blob(digest)
    h = hmac.new(key, msg, hashlib.sha256).digest() if mode == "hmac" else hashlib.sha256(msg).digest()
    same += h == stored
    if seq >= edit_seq:
        con.execute("UPDATE audit SET who = ?, hash = ? WHERE seq = ?", (who, h, seq))
    prev = h
con.commit()
print(same, len(rows))
EOF
sqlite3 "$DB" "DROP TRIGGER audit_no_update"
TOTAL=$(sqlite3 "$DB" "SELECT count(*) FROM audit")
[ "$(python3 "$TMPDIR/rechain.py" "$DB" "$D/audit.key" hmac 999999)" = "$TOTAL $TOTAL" ] &&
	ok "the test's chain code reproduces every stored HMAC" || not_ok "rechain with the key"
python3 "$TMPDIR/rechain.py" "$DB" "$D/audit.key" sha256 5 >/dev/null
expect_rc 1 "a row rewritten with plain SHA-256 recomputed after it fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "the audit chain is broken at row 5" "row 5 is named"
expect_grep "$TMPDIR/err" "HMAC does not match" "the HMAC is named"
restore
sqlite3 "$DB" "DROP TRIGGER audit_no_update"
python3 "$TMPDIR/rechain.py" "$DB" "$D/audit.key" hmac 5 >/dev/null
expect_rc 1 "even with the key, a rewritten chain differs from its anchor" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "is not the row the anchor recorded" "the anchor mismatch is named"
restore

# 4. A wrong key, a missing key.
cp "$D/audit.key" "$TMPDIR/key.saved"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$D/audit.key"; echo >> "$D/audit.key"
expect_rc 1 "a wrong key fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "is not the key this chain was made with" "the wrong key is named"
expect_rc 1 "a wrong key refuses a write" -- "$MOSHIMO" note 1 "メモ"
expect_grep "$TMPDIR/err" "is not the one the chain was made with" "the write says why"
rm "$D/audit.key"
expect_rc 1 "a missing key fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "is missing" "the missing key is named"
expect_rc 1 "a missing key refuses a write (no new key is made)" -- "$MOSHIMO" note 1 "メモ"
[ ! -e "$D/audit.key" ] && ok "no new key was made for a keyed chain" || not_ok "a key was made"
cp "$TMPDIR/key.saved" "$D/audit.key"
expect_rc 0 "the right key back: verify passes" -- "$MOSHIMO" audit verify
rm "$D/audit.anchor"
expect_rc 1 "a missing anchor fails verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/err" "anchor file" "the missing anchor is named"
# The newest rows deleted and the anchor removed: the next write does not
# make a new anchor over the shortened chain.
N=$(sqlite3 "$DB" "SELECT max(seq) FROM audit")
report "四件目"
sqlite3 "$DB" "DROP TRIGGER audit_no_delete; DROP TRIGGER events_no_delete;
	DROP TRIGGER decisions_no_delete; DELETE FROM decisions WHERE incident_id = 3;
	DELETE FROM events WHERE incident_id = 3; DELETE FROM steps WHERE incident_id = 3;
	DELETE FROM search WHERE rowid = 3; DELETE FROM incidents WHERE id = 3;
	DELETE FROM audit WHERE seq > $N;"
rm -f "$D/audit.anchor"
expect_rc 0 "a write after the anchor's removal still works" -- "$MOSHIMO" note 1 "後から"
expect_grep "$TMPDIR/err" "is not made again" "and warns that the anchor is missing"
[ ! -e "$D/audit.anchor" ] && ok "the write did not make a new anchor" || not_ok "anchor re-made by a write"
expect_rc 1 "verify still fails" -- "$MOSHIMO" audit verify
expect_rc 0 "audit anchor makes it again after checking the chain" -- "$MOSHIMO" audit anchor
[ -e "$D/audit.anchor" ] && ok "a new anchor" || not_ok "no new anchor"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE op = 'anchor'")" = 1 ] &&
	ok "the re-anchoring is an audit row" || not_ok "no anchor row"
expect_rc 0 "verify passes again" -- "$MOSHIMO" audit verify
restore
sqlite3 "$DB" "UPDATE users SET role = 'admin' WHERE name = 'hanako'"
rm "$D/audit.anchor"
expect_rc 1 "audit anchor refuses a chain whose data was edited" -- "$MOSHIMO" audit anchor
expect_grep "$TMPDIR/err" "users row" "and says why"
[ ! -e "$D/audit.anchor" ] && ok "no anchor made" || not_ok "anchor made over a broken chain"
restore

# 5. Who did it is who is logged in: a login id beside the name, in the chain.
MOSHIMO_USER=部長 "$MOSHIMO" note 1 "なりすまし" >/dev/null || not_ok "note as"
[ "$(sqlite3 "$DB" "SELECT login FROM events WHERE text = 'なりすまし'")" = "cli:$(id -un)" ] &&
	ok "the event records the login, not the name given" || not_ok "event login"
[ "$(sqlite3 "$DB" "SELECT login FROM audit ORDER BY seq DESC LIMIT 1")" = "cli:$(id -un)" ] &&
	ok "the audit row records the login" || not_ok "audit login"
"$MOSHIMO" show 1 > "$TMPDIR/show"
expect_grep "$TMPDIR/show" "部長 [cli:$(id -un)]" "show prints the login beside the name"
cp "$DB" "$TMPDIR/clean.db"; cp "$D/audit.anchor" "$TMPDIR/clean.anchor"
sqlite3 "$DB" "DROP TRIGGER events_no_update; UPDATE events SET login = 'user:boss' WHERE text = 'なりすまし'"
expect_rc 1 "an event's login changed with sqlite3 fails verify" -- "$MOSHIMO" audit verify
restore
printf 'x-pass-12345\n' | "$MOSHIMO" user add mallory --role reporter --display '部 長' --password-stdin >/dev/null 2>"$TMPDIR/err" &&
	not_ok "a display name like another's was accepted" || ok "a display name like another's (spaces) is refused"
expect_grep "$TMPDIR/err" "already used by another account" "the refusal says why"
printf 'x-pass-12345\n' | "$MOSHIMO" user add mallory2 --role reporter --display 'ＢＯＳＳ' --password-stdin >/dev/null 2>"$TMPDIR/err" &&
	not_ok "another's login name (full width) accepted as a display name" || ok "another's login name in full width is refused"

# 6. An old SHA-256 chain is re-keyed once, recorded as an audit row.
O="$TMPDIR/old"
mkdir -p "$O"
sqlite3 "$O/moshimo.db" < tests/fixtures/audit-v2.sql
[ "$(sqlite3 "$O/moshimo.db" 'PRAGMA user_version')" = 2 ] && ok "the old fixture is schema 2" || not_ok "fixture version"
expect_rc 0 "the old database migrates and verifies" -- "$MOSHIMO" audit verify --data "$O"
[ -f "$O/audit.key" ] && [ -f "$O/audit.anchor" ] && ok "the migration made the key and the anchor" || not_ok "key/anchor"
[ "$(sqlite3 "$O/moshimo.db" "SELECT count(*) FROM audit WHERE op = 'rekey'")" = 1 ] &&
	ok "one audit row records the re-keying" || not_ok "rekey row"
sqlite3 "$O/moshimo.db" "SELECT key FROM audit WHERE op = 'rekey'" > "$TMPDIR/rekey"
expect_grep "$TMPDIR/rekey" "re-keyed with HMAC-SHA256" "the row says so"
[ "$(sqlite3 "$O/moshimo.db" "SELECT count(*) FROM audit WHERE tbl = 'users'")" -ge 1 ] &&
	ok "the old users were chained at migration" || not_ok "old users"
expect_rc 0 "the migrated folder takes new work" -- "$MOSHIMO" note 1 "移行後" --data "$O"
expect_rc 0 "and still verifies" -- "$MOSHIMO" audit verify --data "$O"
B="$TMPDIR/broken-old"
mkdir -p "$B"
sqlite3 "$B/moshimo.db" < tests/fixtures/audit-v2.sql
sqlite3 "$B/moshimo.db" "UPDATE incidents SET level = 0 WHERE id = 1"
expect_rc 1 "a broken old chain is not re-keyed" -- "$MOSHIMO" audit verify --data "$B"
expect_grep "$TMPDIR/err" "will not re-key a broken chain" "the refusal says why"
[ "$(sqlite3 "$B/moshimo.db" 'PRAGMA user_version')" = 2 ] && ok "the broken database was left as it was" ||
	not_ok "broken db changed"
finish
