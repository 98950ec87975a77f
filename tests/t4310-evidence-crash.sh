#!/bin/sh
# Evidence after a crash (issue 10, item 9): `evidence add` killed with
# SIGKILL at random moments never leaves a numbered file that no record
# names (whose number the next add would take again); the next start
# finishes or removes what the crash left; stale upload folders are
# removed; `evidence verify` reports files no record names.
. tests/lib.sh

D="$TMPDIR/data"
E="$D/evidence/1"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
echo '{"title":"証拠の保全","category":"tamper","impact":{"business":true}}' |
	"$MOSHIMO" report >/dev/null || not_ok "report"
head -c 24000000 /dev/urandom > "$TMPDIR/big.bin"
echo "small" > "$TMPDIR/small.txt"

# Numbered files (N-name) that no row names, and numbers used twice.
orphans() {
	for f in "$E"/[0-9]*; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		[ "$(sqlite3 "$D/moshimo.db" "SELECT count(*) FROM evidence WHERE file = '1/$b'")" = 1 ] ||
			echo "$b"
	done
}
dup_numbers() {
	ls "$E" 2>/dev/null | grep -E '^[0-9]+-' | sed 's/-.*//' | sort | uniq -d
}

# How long one add takes here: the kills aim around its end, where the
# copy is renamed, recorded and committed (an older version linked the
# file before its commit: a kill there left a numbered orphan).
t0=$(date +%s%N)
"$MOSHIMO" evidence add 1 "$TMPDIR/big.bin" >/dev/null || not_ok "a timed add"
ms=$((($(date +%s%N) - t0) / 1000000))
kills=0
i=0
while [ $i -lt 50 ] && [ $kills -lt 20 ]; do
	i=$((i + 1))
	# From 75% to 105% of an add's time, at random.
	delay=$(od -An -N1 -tu1 /dev/urandom | awk -v ms="$ms" '{printf "%.3f", ms * (0.75 + 0.3 * $1 / 255) / 1000}')
	"$MOSHIMO" evidence add 1 "$TMPDIR/big.bin" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	# Straight after the crash, before anything else starts: no numbered orphan.
	o=$(orphans)
	[ -z "$o" ] || { not_ok "after kill $i: numbered files no record names: $o"; break; }
done
[ $kills -ge 3 ] && ok "$kills adds were killed mid-way ($i runs)" || not_ok "only $kills kills"
[ -z "$(orphans)" ] && ok "no numbered file without its record after any kill" || not_ok "orphans: $(orphans)"
[ -z "$(dup_numbers)" ] && ok "no evidence number on two files" || not_ok "duplicate numbers: $(dup_numbers)"

expect_rc 0 "an add after the crashes works" -- "$MOSHIMO" evidence add 1 "$TMPDIR/small.txt"
[ -z "$(ls -A "$E" | grep '^\.pending-')" ] && ok "the next start removed or finished the pending copies" ||
	not_ok "pending copies left: $(ls -A "$E")"
[ -z "$(orphans)" ] && [ -z "$(dup_numbers)" ] && ok "still no orphan, no shared number" || not_ok "after add"
rows=$(sqlite3 "$D/moshimo.db" "SELECT count(*) FROM evidence")
files=$(ls "$E" | grep -cE '^[0-9]+-')
[ "$rows" = "$files" ] && ok "one file per record ($rows)" || not_ok "$rows records, $files files"
expect_rc 0 "evidence verify: every file matches, no stray" -- "$MOSHIMO" evidence verify 1
expect_rc 0 "audit verify after the crashes" -- "$MOSHIMO" audit verify

# A committed record whose link the crash prevented is finished at start.
last=$(sqlite3 "$D/moshimo.db" "SELECT n || ' ' || file FROM evidence ORDER BY n DESC LIMIT 1")
n=${last%% *}
file=${last#* }
mv "$D/evidence/$file" "$E/.pending-$n-1-deadbeef"
"$MOSHIMO" list >/dev/null                      # a reader does not touch files
[ -e "$E/.pending-$n-1-deadbeef" ] && ok "a reader leaves the pending copy" || not_ok "reader touched it"
expect_rc 0 "the next writer's start links the committed copy" -- "$MOSHIMO" evidence verify 1
[ -e "$D/evidence/$file" ] && [ ! -e "$E/.pending-$n-1-deadbeef" ] && ok "the file is back at $file" ||
	not_ok "not linked: $(ls -A "$E")"

# A file no record names is reported.
echo "置かれた" > "$E/99-planted.txt"
expect_rc 1 "evidence verify reports a stray file" -- "$MOSHIMO" evidence verify 1
expect_grep "$TMPDIR/out" "stray file no record names: 99-planted.txt" "the stray is named"
expect_rc 1 "and as JSON" -- "$MOSHIMO" evidence verify 1 --json
[ "$(jq -r '.[] | select(.state == "STRAY") | .file' "$TMPDIR/out")" = 99-planted.txt ] &&
	ok "json: state STRAY with the file" || not_ok "json stray: $(cat "$TMPDIR/out")"
rm "$E/99-planted.txt"
# A stray at the very name the next add takes is kept aside, not overwritten.
n=$(sqlite3 "$D/moshimo.db" "SELECT max(n) + 1 FROM evidence")
echo "手で置いた" > "$E/$n-small.txt"
expect_rc 0 "an add whose name a stray holds" -- "$MOSHIMO" evidence add 1 "$TMPDIR/small.txt"
[ "$(cat "$E/$n-small.txt")" = small ] && ok "the record's file is the one added" || not_ok "wrong file at $n"
ls -A "$E" | grep -q "^\.stray-.*-$n-small.txt\$" && ok "the stray was kept aside" || not_ok "stray lost: $(ls -A "$E")"
expect_rc 1 "and verify reports it" -- "$MOSHIMO" evidence verify 1
expect_grep "$TMPDIR/out" "stray file no record names: .stray-" "the set-aside stray is named"

# Upload folders a crashed server left: removed at start when stale.
mkdir -p "$D/uploads/up-old1" "$D/uploads/up-new1"
echo x > "$D/uploads/up-old1/a.txt"
echo y > "$D/uploads/up-new1/b.txt"
touch -d '2 days ago' "$D/uploads/up-old1"
"$MOSHIMO" note 1 "メモ" >/dev/null
[ ! -e "$D/uploads/up-old1" ] && ok "a CLI start removes a stale upload folder" || not_ok "stale upload kept"
[ -e "$D/uploads/up-new1" ] && ok "an upload folder a running server may use stays" || not_ok "fresh upload removed"
finish
