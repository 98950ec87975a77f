#!/bin/sh
# Backups hold the evidence (issue 10, item 11): `moshimo backup FILE` writes
# one archive (database, anchor, policy, every evidence file, MANIFEST),
# verified; `moshimo restore ARCHIVE DIR` brings it back into a new or empty
# folder where audit verify and evidence verify pass; a damaged archive, a
# missing or wrong key, a non-empty folder: a clear error and nothing
# written.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
"$MOSHIMO" init >/dev/null || not_ok "init"
for i in 1 2; do
	echo "{\"title\":\"バックアップ$i\",\"category\":\"tamper\",\"impact\":{\"business\":true}}" |
		"$MOSHIMO" report >/dev/null || not_ok "report $i"
done
printf '脅迫文のスクリーンショット\n' > "$TMPDIR/画面.txt"
head -c 300000 /dev/urandom > "$TMPDIR/memory.bin"
"$MOSHIMO" evidence add 1 "$TMPDIR/画面.txt" >/dev/null || not_ok "evidence 1"
"$MOSHIMO" evidence add 1 "$TMPDIR/memory.bin" >/dev/null || not_ok "evidence 2"
"$MOSHIMO" evidence add 2 "$TMPDIR/memory.bin" --note "同じもの" >/dev/null || not_ok "evidence 3"
printf 'pass-word-123\n' | "$MOSHIMO" user add hanako --role reporter --password-stdin >/dev/null || not_ok "user"

# Online: notes keep arriving while the backup is taken.
( for i in 1 2 3 4 5 6 7 8 9 10; do "$MOSHIMO" note 2 "並行 $i" >/dev/null; done ) &
writer=$!
expect_rc 0 "backup while another process writes" -- "$MOSHIMO" backup "$TMPDIR/b.tar"
wait $writer
expect_grep "$TMPDIR/out" "3 evidence files" "the backup counts the evidence"
[ "$(stat -c %a "$TMPDIR/b.tar")" = 600 ] && ok "the archive is 0600" || not_ok "archive mode"
tar tf "$TMPDIR/b.tar" > "$TMPDIR/members"
for m in moshimo.db audit.anchor policy.yaml evidence/1/1-______.txt evidence/1/2-memory.bin evidence/2/1-memory.bin MANIFEST; do
	grep -qx "$m" "$TMPDIR/members" && ok "the archive holds $m" || not_ok "no $m in: $(cat "$TMPDIR/members")"
done
grep -qx audit.key "$TMPDIR/members" && not_ok "the key is in the archive without --with-key" ||
	ok "the key is not in the archive by default"
ls "$TMPDIR" | grep -q 'b.tar.tmp' && not_ok "temporary files left" || ok "no temporary files left"

# Restore into an empty folder.
mkdir "$TMPDIR/r1"
expect_rc 1 "restore without a key says what is needed" -- "$MOSHIMO" restore "$TMPDIR/b.tar" "$TMPDIR/r1"
expect_grep "$TMPDIR/err" "give --key FILE" "the error names --key"
[ -z "$(ls -A "$TMPDIR/r1")" ] && ok "nothing written without the key" || not_ok "r1 not empty"
expect_rc 0 "restore into an empty folder" -- "$MOSHIMO" restore "$TMPDIR/b.tar" "$TMPDIR/r1" --key "$D/audit.key"
expect_rc 0 "audit verify passes in the restored folder" -- "$MOSHIMO" audit verify --data "$TMPDIR/r1"
expect_rc 0 "evidence verify passes for incident 1" -- "$MOSHIMO" evidence verify 1 --data "$TMPDIR/r1"
expect_rc 0 "evidence verify passes for incident 2" -- "$MOSHIMO" evidence verify 2 --data "$TMPDIR/r1"
cmp -s "$D/evidence/1/2-memory.bin" "$TMPDIR/r1/evidence/1/2-memory.bin" && ok "the evidence bytes came back" ||
	not_ok "evidence differs"
cmp -s "$D/policy.yaml" "$TMPDIR/r1/policy.yaml" && ok "the policy came back" || not_ok "policy"
[ "$(stat -c %a "$TMPDIR/r1/moshimo.db")" = 600 ] && [ "$(stat -c %a "$TMPDIR/r1/evidence")" = 700 ] &&
	ok "restored files 0600, folders 0700" || not_ok "modes"
[ "$("$MOSHIMO" list --status all --data "$TMPDIR/r1" | grep -c バックアップ)" = 2 ] &&
	ok "the incidents are there" || not_ok "incidents"
expect_rc 0 "the restored folder takes new work" -- "$MOSHIMO" note 1 "復元後" --data "$TMPDIR/r1"
expect_rc 0 "and verifies after it" -- "$MOSHIMO" audit verify --data "$TMPDIR/r1"
expect_rc 1 "restore refuses a non-empty folder" -- "$MOSHIMO" restore "$TMPDIR/b.tar" "$TMPDIR/r1" --key "$D/audit.key"
expect_grep "$TMPDIR/err" "not empty" "the error says so"

# A new folder, an archive made --with-key.
expect_rc 0 "backup --with-key" -- "$MOSHIMO" backup "$TMPDIR/k.tar" --with-key
tar tf "$TMPDIR/k.tar" | grep -qx audit.key && ok "the key is in that archive" || not_ok "no key"
expect_rc 0 "restore with the archive's key into a new folder" -- "$MOSHIMO" restore "$TMPDIR/k.tar" "$TMPDIR/r2"
expect_rc 0 "it verifies" -- "$MOSHIMO" audit verify --data "$TMPDIR/r2"

# A wrong key: nothing restored.
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$TMPDIR/wrong.key"
expect_rc 1 "restore with a wrong key fails" -- "$MOSHIMO" restore "$TMPDIR/b.tar" "$TMPDIR/r3" --key "$TMPDIR/wrong.key"
expect_grep "$TMPDIR/err" "is not the key this chain was made with" "the wrong key is named"
[ ! -e "$TMPDIR/r3" ] && ok "nothing written with a wrong key" || not_ok "r3 exists"

# Damaged archives: a clear error, nothing written.
damaged() {
	expect_rc 1 "$1: restore fails" -- "$MOSHIMO" restore "$TMPDIR/bad.tar" "$TMPDIR/r4" --key "$D/audit.key"
	expect_grep "$TMPDIR/err" "$2" "$1: the error says $2"
	[ ! -e "$TMPDIR/r4" ] && [ -z "$(ls -A "$TMPDIR" | grep restore)" ] && ok "$1: nothing written" ||
		not_ok "$1: something was written: $(ls -A "$TMPDIR")"
}
cp "$TMPDIR/b.tar" "$TMPDIR/bad.tar"
printf 'X' | dd of="$TMPDIR/bad.tar" bs=1 seek=5000 conv=notrunc 2>/dev/null
damaged "a byte changed in the database" "does not match its MANIFEST"
cp "$TMPDIR/b.tar" "$TMPDIR/bad.tar"
printf 'X' | dd of="$TMPDIR/bad.tar" bs=1 seek=100 conv=notrunc 2>/dev/null
damaged "a byte changed in the first header" "not a moshimo backup"
head -c 100000 "$TMPDIR/b.tar" > "$TMPDIR/bad.tar"
damaged "a truncated archive" "damaged"
head -c 20000 /dev/urandom > "$TMPDIR/bad.tar"
damaged "not an archive" "not a moshimo backup"
size=$(stat -c %s "$TMPDIR/b.tar")
cp "$TMPDIR/b.tar" "$TMPDIR/bad.tar"
printf 'Y' | dd of="$TMPDIR/bad.tar" bs=1 seek=$((size - 3000)) conv=notrunc 2>/dev/null
damaged "a byte changed near the end" "damaged"

# Backups refuse a folder that does not verify.
printf 'x' >> "$D/evidence/2/1-memory.bin"
expect_rc 1 "backup refuses evidence that no longer matches its record" -- "$MOSHIMO" backup "$TMPDIR/c.tar"
expect_grep "$TMPDIR/err" "does not match its record" "the evidence is named"
[ ! -e "$TMPDIR/c.tar" ] && ok "no archive written" || not_ok "c.tar written"
"$MOSHIMO" restore "$TMPDIR/k.tar" "$TMPDIR/r5" >/dev/null 2>&1 || not_ok "restore r5"
sqlite3 "$TMPDIR/r5/moshimo.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"
expect_rc 1 "backup refuses a chain shorter than its anchor" -- "$MOSHIMO" backup "$TMPDIR/d.tar" --data "$TMPDIR/r5"
expect_grep "$TMPDIR/err" "truncated" "the truncation is named"
[ ! -e "$TMPDIR/d.tar" ] && ok "no archive written" || not_ok "d.tar written"
finish
