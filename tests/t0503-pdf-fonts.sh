#!/bin/sh
# Missing or broken fonts give a clear error naming the font, exit 1, and
# no output file (an existing file stays as it was): a family that is not
# installed, one without Japanese glyphs, a font folder with only a
# corrupt file, and a Noto CJK file cut short.
. tests/lib.sh

command -v fc-list >/dev/null || skip "fontconfig tools missing (scripts/deps.sh)"
export MOSHIMO_TODAY=2026-05-01
none="$TMPDIR/no-such-folder"
out="$TMPDIR/m.pdf"

MOSHIMO_FONT="No Such Font Family" expect_rc 1 "a font that is not installed" -- \
	"$MOSHIMO" manual --data "$none" --format pdf -o "$out"
expect_grep "$TMPDIR/err" "No Such Font Family" "the error names the font"
expect_grep "$TMPDIR/err" "MOSHIMO_FONT" "the error says how to choose another"
[ -e "$out" ] && not_ok "a file was written" || ok "no file written"

echo "the previous manual" >"$out"
MOSHIMO_FONT="No Such Font Family" expect_rc 1 "card with a missing font" -- \
	"$MOSHIMO" manual --data "$none" --card --format pdf -o "$out"
[ "$(cat "$out")" = "the previous manual" ] && ok "the existing file is unchanged" || not_ok "the existing file changed"
ls "$TMPDIR" | grep -q '\.tmp' && not_ok "a temporary file was left" || ok "no temporary file left"
rm -f "$out"

latin=$(fc-list : family | grep -v -i -e cjk -e droid -e noto | head -1 | cut -d, -f1)
if [ -n "$latin" ]; then
	MOSHIMO_FONT="$latin" expect_rc 1 "a font without Japanese glyphs ($latin)" -- \
		"$MOSHIMO" manual --data "$none" --format pdf -o "$out"
	expect_grep "$TMPDIR/err" "Japanese" "the error says the font has no Japanese"
	[ -e "$out" ] && not_ok "a file was written" || ok "no file written"
fi

# A fontconfig that knows only a folder with a corrupt font file.
fc="$TMPDIR/fc"
mkdir -p "$fc/fonts" "$fc/cache"
cat >"$fc/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$fc/fonts</dir><cachedir>$fc/cache</cachedir></fontconfig>
EOF
head -c 20000 /dev/urandom >"$fc/fonts/NotoSansCJK-Regular.otf"
FONTCONFIG_FILE="$fc/fonts.conf" expect_rc 1 "only a corrupt font file" -- \
	"$MOSHIMO" manual --data "$none" --format pdf -o "$out"
expect_grep "$TMPDIR/err" "Noto Sans CJK JP" "the error names the font it needs"
[ -e "$out" ] && not_ok "a file was written" || ok "no file written"

# The real font, cut short after fontconfig indexed it.
noto=$(fc-match -f '%{file}' "Noto Sans CJK JP")
if [ -f "$noto" ]; then
	rm -f "$fc/fonts"/*
	cp "$noto" "$fc/fonts/"
	FONTCONFIG_FILE="$fc/fonts.conf" fc-cache "$fc/fonts" >/dev/null 2>&1
	truncate -s 300000 "$fc/fonts/$(basename "$noto")"
	FONTCONFIG_FILE="$fc/fonts.conf" expect_rc 1 "a truncated Noto Sans CJK" -- \
		"$MOSHIMO" manual --data "$none" --format pdf -o "$out"
	expect_grep "$TMPDIR/err" "Noto Sans CJK JP" "the error names the broken font"
	[ -e "$out" ] && not_ok "a file was written" || ok "no file written"
fi
finish
