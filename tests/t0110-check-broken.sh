#!/bin/sh
# Every file in tests/fixtures/broken/ names, on its first line, the finding
# `moshimo check` must print: `# expect: LINE:COL: error: TEXT`. The check
# must exit 1 and print that finding with the file's name and position.
. tests/lib.sh

for f in tests/fixtures/broken/*.yaml; do
	want=$(sed -n '1s/^# expect: //p' "$f")
	if [ -z "$want" ]; then
		not_ok "$f has no '# expect:' line"
		continue
	fi
	expect_rc 1 "check $(basename "$f")" -- "$MOSHIMO" check "$f"
	expect_grep "$TMPDIR/err" "$f:$want" "$(basename "$f"): $want"
done

# Binary garbage and a huge file: findings, not a crash.
head -c 65536 /dev/urandom >"$TMPDIR/garbage.yaml"
"$MOSHIMO" check "$TMPDIR/garbage.yaml" >"$TMPDIR/out" 2>"$TMPDIR/err"
rc=$?
[ "$rc" -eq 1 ] && ok "garbage gives exit 1" || not_ok "garbage gives exit $rc"
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "k%d: [aaaaaaaaaaaaaaaaaaaa]\n", i }' >"$TMPDIR/huge.yaml"
expect_rc 1 "a 10 MB file is refused" -- "$MOSHIMO" check "$TMPDIR/huge.yaml"
expect_grep "$TMPDIR/err" "too large" "huge file: clear message"
finish
