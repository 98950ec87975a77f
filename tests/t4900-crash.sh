#!/bin/sh
# Crash test (after SQLite's crash*.test): a loop of writers (report, note,
# step) is killed with SIGKILL at random moments, many times. After each
# kill the database passes PRAGMA integrity_check, the audit chain
# verifies, and every incident whose creation was acknowledged on stdout
# is there. Bounded to about 40 seconds.
. tests/lib.sh

D="$TMPDIR/data"
ACKS="$TMPDIR/acks"
export MOSHIMO_DATA="$D" MOSHIMO_USER=crash
cat >"$TMPDIR/r.json" <<'JSON'
{"title":"クラッシュ試験のランサムウェア感染","category":"malware","description":"SIGKILL のテスト","impact":{"business":true},"facts":{"malicious":true}}
JSON
: >"$ACKS"
mkdir -p "$D"

# The writer: report, then a note and a step on what was just reported.
cat >"$TMPDIR/writer.sh" <<'SH'
while :; do
	out=$("$MOSHIMO" report --file "$1") || exit 1
	echo "$out" | head -1 >>"$2"
	id=$(echo "$out" | sed -n 's/^Reported INC-0*\([0-9]*\):.*/\1/p' | head -1)
	"$MOSHIMO" note "$id" "経過メモ" >/dev/null || exit 1
	"$MOSHIMO" step "$id" 1 done >/dev/null || exit 1
done
SH

rand_ms() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }
start=$(date +%s)
kills=0
bad=0
while [ $(($(date +%s) - start)) -lt 40 ] && [ "$kills" -lt 60 ]; do
	setsid sh "$TMPDIR/writer.sh" "$TMPDIR/r.json" "$ACKS" &
	pid=$!
	ms=$(( $(rand_ms) % 400 + 20 ))
	sleep "$(printf '0.%03d' "$ms")"
	pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
	if [ -n "$pgid" ]; then
		kill -9 "-$pgid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	# Until every process of the group has exited (and its locks with it);
	# a zombie waiting for its parent holds no lock.
	while [ -n "$pgid" ] && ps -o stat= -g "$pgid" 2>/dev/null | grep -qv Z; do sleep 0.01; done
	kills=$((kills + 1))
	ic=$(sqlite3 -cmd ".timeout 5000" "$D/moshimo.db" "PRAGMA integrity_check" 2>&1)
	if [ "$ic" != ok ]; then
		not_ok "kill $kills: integrity_check: $ic"
		bad=$((bad + 1))
		break
	fi
	if ! "$MOSHIMO" audit verify >"$TMPDIR/av" 2>&1; then
		not_ok "kill $kills: audit verify: $(cat "$TMPDIR/av")"
		bad=$((bad + 1))
		break
	fi
	acked=$(sed -n 's/^Reported INC-0*\([0-9]*\):.*/\1/p' "$ACKS" | sort -n | uniq | tr '\n' ',' | sed 's/,$//')
	if [ -n "$acked" ]; then
		want=$(echo "$acked" | tr ',' '\n' | wc -l)
		have=$(sqlite3 -cmd ".timeout 5000" "$D/moshimo.db" "SELECT count(*) FROM incidents WHERE id IN ($acked)")
		if [ "$have" != "$want" ]; then
			not_ok "kill $kills: $want acknowledged incidents, $have stored"
			bad=$((bad + 1))
			break
		fi
	fi
done
[ "$bad" -eq 0 ] && ok "$kills kills: integrity ok, audit chain verifies, nothing acknowledged lost"
n=$(sed -n 's/^Reported INC-0*\([0-9]*\):.*/\1/p' "$ACKS" | wc -l)
[ "$n" -gt 0 ] && ok "$n incidents acknowledged during the test" || not_ok "no incident was acknowledged"
[ "$kills" -ge 10 ] && ok "killed $kills times" || not_ok "only $kills kills"
total=$(sqlite3 -cmd ".timeout 5000" "$D/moshimo.db" "SELECT count(*) FROM incidents")
echo "# $kills kills, $n acknowledged, $total stored"
finish
