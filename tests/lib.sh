# Shared by the shell tests: checks that print a line each and count failures.
# Each test sources this, runs checks, and ends with `finish`.
: "${MOSHIMO:?run through tests/run.sh (needs MOSHIMO)}"
: "${TMPDIR:=/tmp}"
fails=0
checks=0

ok() {
	checks=$((checks + 1))
	echo "ok: $1"
}

not_ok() {
	checks=$((checks + 1))
	fails=$((fails + 1))
	echo "FAIL: $1"
}

# expect_rc WANT DESCRIPTION -- COMMAND...: runs COMMAND, output to $TMPDIR/out and $TMPDIR/err.
expect_rc() {
	_lib_want=$1
	_lib_desc=$2
	shift 3
	"$@" >"$TMPDIR/out" 2>"$TMPDIR/err"
	_lib_got=$?
	if [ "$_lib_got" -eq "$_lib_want" ]; then
		ok "$_lib_desc (exit $_lib_got)"
	else
		not_ok "$_lib_desc: exit $_lib_got, want $_lib_want"
		sed 's/^/    out| /' "$TMPDIR/out" | head -20
		sed 's/^/    err| /' "$TMPDIR/err" | head -20
	fi
}

# expect_grep FILE PATTERN DESCRIPTION: a fixed string in FILE.
expect_grep() {
	if grep -qF -- "$2" "$1"; then
		ok "$3"
	else
		not_ok "$3: \"$2\" not in $1"
		sed 's/^/    | /' "$1" | head -20
	fi
}

expect_no_grep() {
	if grep -qF -- "$2" "$1"; then
		not_ok "$3: \"$2\" found in $1"
	else
		ok "$3"
	fi
}

# skip REASON: this test cannot run here. Prints `skip: REASON` and exits 77,
# which tests/run.sh counts as skipped, not passed; under CI=true a skip fails
# the run unless tests/skips-allowed.txt lists the test with its reason.
skip() {
	echo "skip: $1"
	exit 77
}

finish() {
	echo "$((checks - fails)) passed, $fails failed"
	[ "$fails" -eq 0 ]
}
