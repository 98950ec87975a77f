#!/bin/sh
# The CLI does not reach into the web app: of web/'s functions, src/cli/
# calls only those that serve (web_serve, web_print_routes); passwords,
# tokens and roles come from auth/. Read from the objects' undefined symbols.
. tests/lib.sh

: "${BUILD:?run through tests/run.sh (needs BUILD)}"
command -v nm >/dev/null 2>&1 || skip "nm is not installed"
set -- "$BUILD"/src/cli/*.o
[ -f "$1" ] || skip "no objects in $BUILD/src/cli"
n=$#
nm -u "$@" 2>/dev/null | awk '{print $NF}' | grep '^web_' | sort -u >"$TMPDIR/web"
grep -vx -e web_serve -e web_print_routes "$TMPDIR/web" >"$TMPDIR/bad"
if [ -s "$TMPDIR/bad" ]; then
	not_ok "src/cli/ calls into web/: $(tr '\n' ' ' <"$TMPDIR/bad")"
else
	ok "src/cli/ ($n objects) calls no web_* but web_serve and web_print_routes"
fi
expect_grep "$TMPDIR/web" "web_serve" "the check sees cmd_serve's call (it reads the right objects)"
nm -u "$@" 2>/dev/null | awk '{print $NF}' | grep -x -e auth_password_hash -e auth_token_hash \
	-e auth_role_valid | sort -u >"$TMPDIR/auth"
if [ "$(wc -l <"$TMPDIR/auth")" -eq 3 ]; then
	ok "the CLI hashes passwords and tokens and checks roles through auth/"
else
	not_ok "the CLI's auth/ calls: $(tr '\n' ' ' <"$TMPDIR/auth")"
fi
finish
