#!/bin/sh
# moshimo init writes the built-in policy privately and never overwrites
# without --force; the written policy checks with warnings only.
. tests/lib.sh

d="$TMPDIR/data"
expect_rc 0 "init DIR" -- "$MOSHIMO" init "$d"
[ -f "$d/policy.yaml" ] && ok "policy.yaml written" || not_ok "policy.yaml missing"
mode=$(stat -c %a "$d/policy.yaml")
[ "$mode" = 600 ] && ok "policy.yaml is 0600" || not_ok "policy.yaml mode $mode"
mode=$(stat -c %a "$d")
[ "$mode" = 700 ] && ok "data folder is 0700" || not_ok "data folder mode $mode"

echo "# edited" >>"$d/policy.yaml"
sum=$(md5sum <"$d/policy.yaml")
expect_rc 1 "init refuses to overwrite" -- "$MOSHIMO" init "$d"
expect_grep "$TMPDIR/err" "--force" "refusal names --force"
[ "$(md5sum <"$d/policy.yaml")" = "$sum" ] && ok "file unchanged after refusal" || not_ok "file changed"
expect_rc 0 "init --force overwrites" -- "$MOSHIMO" init --force "$d"
grep -q '# edited' "$d/policy.yaml" && not_ok "--force did not overwrite" || ok "--force replaced the file"

expect_rc 0 "--data DIR used by init" -- "$MOSHIMO" init --data "$TMPDIR/d2"
[ -f "$TMPDIR/d2/policy.yaml" ] && ok "init --data" || not_ok "init --data wrote nothing"
MOSHIMO_DATA="$TMPDIR/d3" expect_rc 0 "MOSHIMO_DATA used by init" -- "$MOSHIMO" init
[ -f "$TMPDIR/d3/policy.yaml" ] && ok "init with MOSHIMO_DATA" || not_ok "MOSHIMO_DATA ignored"

expect_rc 0 "the built-in policy checks" -- "$MOSHIMO" check "$d/policy.yaml"
expect_no_grep "$TMPDIR/err" ": error:" "built-in policy has no errors"
expect_grep "$TMPDIR/err" "placeholder left" "built-in policy warns about placeholders"
expect_rc 0 "check defaults to DATA/policy.yaml" -- "$MOSHIMO" check --data "$d"
expect_rc 1 "check without a policy" -- "$MOSHIMO" check --data "$TMPDIR/none"
expect_grep "$TMPDIR/err" "moshimo init" "missing policy points to init"
expect_rc 1 "check on a missing file" -- "$MOSHIMO" check "$TMPDIR/missing.yaml"
finish
