#!/bin/sh
# moshimo(1) is generated from the command table and says what `moshimo help`
# says: the same commands, each command's summary and its whole help text
# (compared word by word after groff rendered the page), the exit codes and
# environment of DESIGN.md, and groff finds nothing to warn about.
. tests/lib.sh

expect_rc 0 "help --man" -- "$MOSHIMO" help --man
cp "$TMPDIR/out" "$TMPDIR/moshimo.1"
expect_grep "$TMPDIR/moshimo.1" ".TH MOSHIMO 1" "the page is roff with a title line"

# The built page is the generated one (the build cannot ship a stale page).
if [ -f "$BUILD/moshimo.1" ]; then
	if cmp -s "$BUILD/moshimo.1" "$TMPDIR/moshimo.1"; then
		ok "$BUILD/moshimo.1 is what help --man prints"
	else
		not_ok "$BUILD/moshimo.1 differs from help --man"
	fi
fi

# groff: no warnings (lintian runs the same check).
LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -Tutf8 -K utf8 -ww -z "$TMPDIR/moshimo.1" 2>"$TMPDIR/groff.err"
if [ -s "$TMPDIR/groff.err" ]; then
	not_ok "groff warns:"
	sed 's/^/    | /' "$TMPDIR/groff.err" | head
else
	ok "groff renders the page without a warning"
fi
LC_ALL=C.UTF-8 groff -man -Tutf8 -K utf8 -P-cbou -rLL=200n "$TMPDIR/moshimo.1" 2>/dev/null >"$TMPDIR/man.txt"

"$MOSHIMO" help >"$TMPDIR/overview"
cmds=$(sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' "$TMPDIR/overview")
n=0
for c in $cmds; do
	n=$((n + 1))
	"$MOSHIMO" help "$c" >"$TMPDIR/help-$c"
	sed -n "s/^  $c  *//p" "$TMPDIR/overview" >>"$TMPDIR/help-$c"
done
[ "$n" -gt 20 ] && ok "help lists $n commands" || not_ok "help lists only $n commands"

# Word by word: every command's help text (less the word "usage:") and its
# summary appear in the rendered page as one unbroken run of words; the
# page's command headings are exactly the table's commands, in order.
python3 - "$TMPDIR" $cmds >"$TMPDIR/compare" <<'EOF'
import re, sys
tmp, cmds = sys.argv[1], sys.argv[2:]
page = open(tmp + "/man.txt", encoding="utf-8").read()
# groff's Unicode typography back to what the terminal help prints.
for a, b in (("\u2212", "-"), ("\u2010", "-"), ("\u2018", "'"), ("\u2019", "'"),
             ("\u201c", '"'), ("\u201d", '"'), ("\u00a0", " ")):
    page = page.replace(a, b)
words = " " + " ".join(page.split()) + " "
for c in cmds:
    text = open(f"{tmp}/help-{c}", encoding="utf-8").read()
    lines = text.rstrip("\n").split("\n")
    summary, usage = lines[-1], "\n".join(lines[:-1])
    usage = re.sub(r"(?m)^usage: ", "", usage)
    for what, t in (("help", usage), ("summary", summary)):
        w = " " + " ".join(t.split()) + " "
        print(("ok" if w in words else "missing") + f" {c} {what}")
heads = re.findall(r"(?m)^   ([a-z][a-z-]*)$", page)
print(("ok" if heads == cmds else "differ") + " headings " + " ".join(heads))
EOF
while read -r res c what rest; do
	case $res in
	ok) ok "the page has $c's $what" ;;
	*) not_ok "the page lacks $c's $what ($rest)" ;;
	esac
done <"$TMPDIR/compare"

for s in "EXIT STATUS" "ENVIRONMENT" "FILES" "MOSHIMO_DATA" "MOSHIMO_USER" "MOSHIMO_FONT" \
	"LANG" "/var/lib/moshimo" "/etc/default/moshimo" "audit.key" "インシデント対応"; do
	expect_grep "$TMPDIR/man.txt" "$s" "the page names $s"
done
for code in 0 1 2 3; do
	if grep -qE "^ {7}$code( |$)" "$TMPDIR/man.txt"; then
		ok "exit status $code is explained"
	else
		not_ok "exit status $code is not explained"
	fi
done
finish
