#!/bin/sh
# Every command in the table answers --help with its usage and exit 0, and
# help, --version and unknown commands behave (after git's t0012-help.sh).
. tests/lib.sh

expect_rc 0 "moshimo help" -- "$MOSHIMO" help
cmds=$(sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' "$TMPDIR/out")
[ -n "$cmds" ] && ok "help lists commands" || not_ok "help lists no commands"
for c in $cmds; do
	expect_rc 0 "$c --help" -- "$MOSHIMO" "$c" --help
	expect_grep "$TMPDIR/out" "usage: moshimo" "$c --help prints its usage"
	expect_rc 0 "help $c" -- "$MOSHIMO" help "$c"
done
expect_rc 0 "--version" -- "$MOSHIMO" --version
expect_grep "$TMPDIR/out" "moshimo " "--version prints the version"
expect_rc 2 "no command is a usage error" -- "$MOSHIMO"
expect_rc 2 "unknown command" -- "$MOSHIMO" frobnicate
expect_grep "$TMPDIR/err" "unknown command \"frobnicate\"" "unknown command is named"
expect_rc 2 "unknown option" -- "$MOSHIMO" check --bogus
expect_grep "$TMPDIR/err" "--bogus" "unknown option is named"
expect_rc 2 "--data without a folder" -- "$MOSHIMO" check --data

# Japanese when the locale says so.
expect_rc 2 "Japanese: unknown command" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 "$MOSHIMO" frobnicate
expect_grep "$TMPDIR/err" "エラー" "Japanese error label"
expect_grep "$TMPDIR/err" "「frobnicate」" "Japanese message quotes the subject in 「」"
expect_rc 0 "Japanese: help" -- env LC_ALL=ja_JP.UTF-8 "$MOSHIMO" help
expect_grep "$TMPDIR/out" "コマンド:" "Japanese help"
expect_rc 1 "Japanese: check finding" -- env LANG=ja_JP.UTF-8 LC_ALL= "$MOSHIMO" check tests/fixtures/broken/duplicate-role.yaml
expect_grep "$TMPDIR/err" "duplicate-role.yaml:8:10: エラー: 役割の ID「chief」が重複しています" "Japanese finding with position"
finish
