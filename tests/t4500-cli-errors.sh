#!/bin/sh
# Exit codes by the error's code (util/err.h's table, DESIGN.md): an
# unknown incident or a bad report is 1, a bad option 2, and a full disk
# (the database capped at its size with MOSHIMO_TEST_DB_FULL) is 3 with
# nothing written; a step already done is 1 (a conflict) and says so.
. tests/lib.sh

export MOSHIMO_DATA="$TMPDIR/data" MOSHIMO_USER=tester
printf '%s' '{"title": "不審なメール", "sign": "suspicious_mail"}' >"$TMPDIR/r.json"
expect_rc 0 "a report" -- "$MOSHIMO" report --file "$TMPDIR/r.json"

# not found → 1
expect_rc 1 "show an unknown id" -- "$MOSHIMO" show 99
expect_grep "$TMPDIR/err" "INC-0099" "the error names the id"
expect_rc 1 "step of an unknown id" -- "$MOSHIMO" step 99 1 done
expect_grep "$TMPDIR/err" "INC-0099" "… and says which"

# invalid → 1, usage → 2
printf '%s' '{"title": 5}' >"$TMPDIR/bad.json"
expect_rc 1 "a report whose title is a number" -- "$MOSHIMO" report --file "$TMPDIR/bad.json"
expect_rc 2 "an unknown state is usage" -- "$MOSHIMO" step 1 1 finished

# conflict → 1
expect_rc 0 "step 1 done" -- "$MOSHIMO" step 1 1 done
expect_rc 1 "step 1 done again" -- "$MOSHIMO" step 1 1 done
expect_grep "$TMPDIR/err" "step 1 is already done" "says it is done already"

# machine failure → 3: a report that needs new pages on a full database.
python3 -c 'import json; print(json.dumps({"title": "大きな記述", "sign": "suspicious_mail",
                                           "description": "あ" * 20000}))' >"$TMPDIR/big.json"
MOSHIMO_TEST_DB_FULL=1 expect_rc 3 "a report on a full disk" -- "$MOSHIMO" report --file "$TMPDIR/big.json"
expect_grep "$TMPDIR/err" "full" "the CLI says why (the operator's own terminal)"
expect_rc 0 "list" -- "$MOSHIMO" list --json
[ "$(grep -c '"id"' "$TMPDIR/out")" -eq 1 ] && ok "nothing was written" || not_ok "a report was written"
MOSHIMO_TEST_DB_FULL=1 expect_rc 3 "a note of 20000 characters on a full disk" -- \
	"$MOSHIMO" note 1 "$(python3 -c 'print("い" * 20000)')"
expect_rc 0 "and without the cap it goes in" -- "$MOSHIMO" report --file "$TMPDIR/big.json"
finish
