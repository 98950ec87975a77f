#!/bin/sh
# The catalogs cover every message of the sources: the messages are taken
# from src/ afresh (as `make po` does) and merged with po/ja.po and po/en.po;
# a message with no translation, or a fuzzy one, fails and is named. In
# en.po every translation must also be the message itself. When this fails:
# run `make po`, translate what it names, and remove the `#, fuzzy` flags.
. tests/lib.sh

for tool in xgettext msgmerge msgattrib msgexec; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is not installed (GNU gettext)"
		finish
		exit
	fi
done

# The same extraction as the Makefile's `po` target (keep the keywords in step).
pot="$TMPDIR/moshimo.pot"
if find src -name '*.c' | LC_ALL=C sort >"$TMPDIR/sources" &&
	[ -s "$TMPDIR/sources" ] &&
	xgettext --from-code=UTF-8 -k_ -kN_ -kN_PLURAL:1,2 -o "$pot" -f "$TMPDIR/sources" 2>"$TMPDIR/err"; then
	ok "xgettext extracts the messages of src/"
else
	not_ok "xgettext over src/ failed"
	sed 's/^/    | /' "$TMPDIR/err" | head -20
	finish
	exit
fi
total=$(grep -c '^msgid ' "$pot")
total=$((total - 1))

# names FILE: the first line of each msgid of a PO file, the header left out.
names() {
	awk '
	/^msgid / {
		s = substr($0, 7)
		if (s != "\"\"") print "    " s
		else multi = 1
		next
	}
	multi && /^"/ { print "    " $0 " ..."; multi = 0; next }
	{ multi = 0 }
	' "$1"
}

check_catalog() {
	po=$1
	lang=$(basename "$po" .po)
	merged="$TMPDIR/$lang.merged.po"
	if ! msgmerge --quiet --no-fuzzy-matching -o "$merged" "$po" "$pot" 2>"$TMPDIR/err"; then
		not_ok "$po: msgmerge failed"
		sed 's/^/    | /' "$TMPDIR/err" | head -20
		return
	fi
	msgattrib --force-po --untranslated --no-fuzzy --no-obsolete --no-wrap --no-location \
		-o "$TMPDIR/$lang.untranslated.po" "$merged"
	msgattrib --force-po --only-fuzzy --no-obsolete --no-wrap --no-location \
		-o "$TMPDIR/$lang.fuzzy.po" "$merged"
	names "$TMPDIR/$lang.untranslated.po" >"$TMPDIR/$lang.untranslated"
	names "$TMPDIR/$lang.fuzzy.po" >"$TMPDIR/$lang.fuzzy"
	n=$(wc -l <"$TMPDIR/$lang.untranslated" | tr -d ' ')
	if [ "$n" -eq 0 ]; then
		ok "$po translates all $total messages of src/"
	else
		not_ok "$po lacks a translation of $n of the $total messages of src/ (run make po, then translate):"
		cat "$TMPDIR/$lang.untranslated"
	fi
	n=$(wc -l <"$TMPDIR/$lang.fuzzy" | tr -d ' ')
	if [ "$n" -eq 0 ]; then
		ok "$po has no fuzzy translation"
	else
		not_ok "$po has $n fuzzy translations (check them, then remove '#, fuzzy'):"
		cat "$TMPDIR/$lang.fuzzy"
	fi
}

check_catalog po/ja.po
check_catalog po/en.po

# en.po is the English the program prints: each translation is its msgid.
msgattrib --force-po --translated --no-fuzzy --no-obsolete -o "$TMPDIR/en.translated.po" \
	"$TMPDIR/en.merged.po" 2>/dev/null
# shellcheck disable=SC2016 # expanded by the shell msgexec starts
msgexec -i "$TMPDIR/en.translated.po" sh -c '
	s=$(cat; echo .)
	id=$MSGEXEC_MSGID
	[ "${MSGEXEC_PLURAL_FORM:-0}" = 0 ] || id=$MSGEXEC_MSGID_PLURAL
	[ -z "$id" ] || [ "$s" = "$id." ] ||
		printf "    %s\n" "$(printf "%s\n" "$MSGEXEC_MSGID" | head -1)"
' >"$TMPDIR/en.differs" 2>"$TMPDIR/err"
n=$(wc -l <"$TMPDIR/en.differs" | tr -d ' ')
if [ -s "$TMPDIR/err" ]; then
	not_ok "msgexec over en.po failed"
	sed 's/^/    | /' "$TMPDIR/err" | head -20
elif [ "$n" -eq 0 ]; then
	ok "po/en.po: every translation is its msgid"
else
	not_ok "po/en.po: $n translations differ from their msgid (msgen po/moshimo.pot):"
	cat "$TMPDIR/en.differs"
fi
finish
