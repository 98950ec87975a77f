#!/bin/sh
# Runs every test of one build: the cmocka programs in $BUILD/tests and the
# shell tests tests/t*.sh (which get $MOSHIMO, the binary, and a scratch
# $TMPDIR); given paths, only those. Prints each result and ends with
# `N passed, N failed, N skipped`.
# A test that exits 77 skipped (tests/lib.sh `skip`, webtest.py `skip`): it
# is counted as skipped, never as passed, and under CI=true it fails the run
# unless tests/skips-allowed.txt lists it (for this build) with a reason.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
case $BUILD in
/*) MOSHIMO="$BUILD/moshimo" ;;
*) MOSHIMO="$top/$BUILD/moshimo" ;;
esac
export MOSHIMO BUILD
# Tests see fixed, known conditions: English messages unless a test asks
# for Japanese, and no data folder from the caller's environment.
unset MOSHIMO_DATA LANGUAGE
export LC_ALL=C.UTF-8 LANG=C.UTF-8
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
# cairo's and fontconfig's own leaks are not ours: see tests/lsan.supp.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

passed=0
failed=0
skipped=0
failures=""
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# allowed NAME: the list ($SKIPS_ALLOWED, tests/skips-allowed.txt) has a line
# "NAME BUILD reason" for this test and this build (BUILD may be *).
SKIPS_ALLOWED=${SKIPS_ALLOWED:-tests/skips-allowed.txt}
allowed() {
	[ -f "$SKIPS_ALLOWED" ] || return 1
	awk -v n="$1" -v b="$BUILD" '$1 == n && ($2 == b || $2 == "*") && NF >= 3 { found = 1 }
		END { exit !found }' "$SKIPS_ALLOWED"
}

run_one() {
	name=$1
	shift
	log="$scratch/$name.log"
	dir="$scratch/$name.d"
	mkdir -p "$dir"
	TMPDIR="$dir" "$@" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok      $name"
	elif [ "$rc" -eq 77 ]; then
		reason=$(sed -n 's/^skip: //p' "$log" | tail -1)
		if [ "${CI:-}" = true ] && ! allowed "$name"; then
			failed=$((failed + 1))
			failures="$failures $name"
			echo "FAILED  $name: skipped under CI=true (${reason:-no reason given})"
			echo "    | CI must run it: install what it needs (scripts/deps.sh), or list it"
			echo "    | in tests/skips-allowed.txt with the reason it cannot run here"
		else
			skipped=$((skipped + 1))
			echo "skip    $name: ${reason:-no reason given}"
		fi
	else
		failed=$((failed + 1))
		failures="$failures $name"
		echo "FAILED  $name"
		sed 's/^/    | /' "$log" | tail -60
	fi
}

# Given tests (paths) run only those; else every test of the build.
if [ "$#" -eq 0 ]; then
	set -- "$BUILD"/tests/t[0-9]* tests/t[0-9]*.sh
fi
for t in "$@"; do
	case $t in
	*.sh) [ -f "$t" ] && run_one "$(basename "$t" .sh)" sh "$t" ;;
	*) [ -x "$t" ] && [ -f "$t" ] && run_one "$(basename "$t")" "$t" ;;
	esac
done

echo "tests ($BUILD): $passed passed, $failed failed, $skipped skipped"
echo "$passed $failed $skipped" >"$BUILD/test-counts"
if [ "$failed" -ne 0 ]; then
	echo "failed:$failures"
	exit 1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit 0
