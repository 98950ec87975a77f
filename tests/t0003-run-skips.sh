#!/bin/sh
# tests/run.sh counts a skip (exit 77) as skipped, not passed, and prints its
# reason; under CI=true a skip fails the run unless the allowed list names the
# test for this build with a reason. Runs run.sh on three made-up tests.
. tests/lib.sh

B="$TMPDIR/b"
mkdir -p "$B/tests"
printf '#!/bin/sh\necho "1 passed, 0 failed"\n' >"$B/tests/t9990-passes"
printf '#!/bin/sh\n. tests/lib.sh\nskip "no frobnicator here"\nok never\nfinish\n' >"$TMPDIR/t9991-skips.sh"
printf '#!/bin/sh\necho "skip: only prints skip"\nexit 0\n' >"$B/tests/t9992-says-skip"
chmod +x "$B/tests/t9990-passes" "$B/tests/t9992-says-skip"
tests="$B/tests/t9990-passes $TMPDIR/t9991-skips.sh"
run() { # CI ALLOWED-FILE: run.sh on the tests, output in $TMPDIR/run
	CI=$1 SKIPS_ALLOWED=$2 BUILD="$B" sh tests/run.sh $tests >"$TMPDIR/run" 2>&1
}

run "" /dev/null
rc=$?
[ "$rc" -eq 0 ] && ok "a skip alone does not fail a run outside CI" || not_ok "run.sh exit $rc"
expect_grep "$TMPDIR/run" "skip    t9991-skips: no frobnicator here" "the skip is printed with its reason"
expect_grep "$TMPDIR/run" "1 passed, 0 failed, 1 skipped" "counted as skipped, not passed"
[ "$(cat "$B/test-counts")" = "1 0 1" ] && ok "test-counts has the skip" ||
	not_ok "test-counts: $(cat "$B/test-counts")"
expect_no_grep "$TMPDIR/run" "never" "nothing after skip ran"

run true /dev/null
rc=$?
[ "$rc" -eq 1 ] && ok "under CI=true an unlisted skip fails the run" || not_ok "CI run exit $rc"
expect_grep "$TMPDIR/run" "FAILED  t9991-skips: skipped under CI=true (no frobnicator here)" "says why it failed"
expect_grep "$TMPDIR/run" "1 passed, 1 failed, 0 skipped" "counted as failed"

printf '# comment\nt9991-skips %s\n' "$B" >"$TMPDIR/no-reason"
run true "$TMPDIR/no-reason"
[ $? -eq 1 ] && ok "a line without a reason does not allow the skip" || not_ok "allowed without a reason"
printf 't9991-skips build-other the reason\n' >"$TMPDIR/other-build"
run true "$TMPDIR/other-build"
[ $? -eq 1 ] && ok "a line for another build does not allow it" || not_ok "allowed for another build"
printf 't9991-skips %s needs a frobnicator CI does not have\n' "$B" >"$TMPDIR/allowed"
run true "$TMPDIR/allowed"
rc=$?
[ "$rc" -eq 0 ] && ok "a listed skip passes CI" || not_ok "listed skip: exit $rc"
expect_grep "$TMPDIR/run" "1 passed, 0 failed, 1 skipped" "and is still counted as skipped"
printf 't9991-skips * needs a frobnicator\n' >"$TMPDIR/any"
run true "$TMPDIR/any"
[ $? -eq 0 ] && ok "BUILD * allows it in every build" || not_ok "* not honoured"

# A test that only prints "skip:" and exits 0 passes: the exit code decides.
tests="$B/tests/t9992-says-skip"
run true /dev/null
expect_grep "$TMPDIR/run" "1 passed, 0 failed, 0 skipped" "exit 0 is a pass whatever it prints"

# total.sh adds the skips of every build (and reads a two-count file).
mkdir -p "$TMPDIR/b2"
echo "5 0" >"$TMPDIR/b2/test-counts"
echo "3 0 2" >"$B/test-counts"
sh tests/total.sh "$B" "$TMPDIR/b2" >"$TMPDIR/total"
expect_grep "$TMPDIR/total" "total: 8 passed, 0 failed, 2 skipped" "total.sh sums the skips"
finish
