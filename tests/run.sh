#!/bin/sh
# Runs every test of one build: the cmocka programs in $BUILD/tests and the
# shell tests tests/t*.sh (which get $MOSHIMO, the binary, and a scratch
# $TMPDIR). Prints each result and ends with `N passed, N failed`.
set -u
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
MOSHIMO="$top/$BUILD/moshimo"
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
failures=""
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

run_one() {
	name=$1
	shift
	log="$scratch/$name.log"
	dir="$scratch/$name.d"
	mkdir -p "$dir"
	if TMPDIR="$dir" "$@" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "ok      $name"
	else
		failed=$((failed + 1))
		failures="$failures $name"
		echo "FAILED  $name"
		sed 's/^/    | /' "$log" | tail -60
	fi
}

for t in "$BUILD"/tests/t[0-9]*; do
	[ -x "$t" ] || continue
	run_one "$(basename "$t")" "$t"
done
for t in tests/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	run_one "$(basename "$t" .sh)" sh "$t"
done

echo "tests ($BUILD): $passed passed, $failed failed"
echo "$passed $failed" >"$BUILD/test-counts"
if [ "$failed" -ne 0 ]; then
	echo "failed:$failures"
	exit 1
fi
echo "$passed passed, $failed failed"
exit 0
