# libyaml's syntax errors in words people can act on, at the line of the
# mistake (policy/yaml_errors.c): each common mistake made on one line of
# the template, checked in Japanese and in English, through `moshimo check`
# and `moshimo revision save` (which must then change nothing).
. tests/lib.sh

P=data/policy.yaml
L=$(grep -n '^    name: 〇〇 〇〇' "$P" | head -1 | cut -d: -f1)

# case  sed-expression-on-line-L  column  english  japanese
check_case() {
	name=$1 expr=$2 col=$3 en=$4 ja=$5
	cp "$P" "$TMPDIR/$name.yaml"
	sed -i "${L}${expr}" "$TMPDIR/$name.yaml"
	expect_rc 1 "$name: check fails" -- env LANG=C.UTF-8 LC_ALL= LANGUAGE= "$MOSHIMO" check "$TMPDIR/$name.yaml"
	expect_grep "$TMPDIR/err" "$name.yaml:$L:$col: error: $en" "$name: English, line $L column $col"
	n=$(grep -c ': error: ' "$TMPDIR/err")
	[ "$n" -eq 1 ] && ok "$name: one finding" || not_ok "$name: $n findings"
	expect_rc 1 "$name: check fails in Japanese" -- env LANG=ja_JP.UTF-8 LC_ALL= LANGUAGE= "$MOSHIMO" check "$TMPDIR/$name.yaml"
	expect_grep "$TMPDIR/err" "$name.yaml:$L:$col: エラー: $ja" "$name: Japanese, line $L"
	expect_no_grep "$TMPDIR/err" "while scanning" "$name: no libyaml English left"
}

check_case colon 's/name: /name:/' 10 \
	'no space after the colon of "name:": write "name: …" with a space after the colon' \
	'「name:」のコロン（:）の後に半角スペースがありません'
check_case fullwidth-colon 's/name: /name：/' 9 \
	'"name" is followed by a full-width colon (：)' \
	'「name」の後のコロンが全角（：）です'
check_case tab 's/^    name/\tname/' 1 \
	'the indentation has a tab character: indent with spaces only' \
	'字下げにタブ文字が使われています'
check_case fullwidth-space 's/^    name/　　name/' 1 \
	'the indentation has a full-width space' \
	'字下げに全角スペース（　）が使われています'
check_case quote 's/name: 〇〇 〇〇/name: "〇〇 〇〇/' 11 \
	'the quote " opened here is not closed' \
	'ここで開いた引用符 " が閉じていません'
check_case single-quote "s/name: 〇〇 〇〇/name: '〇〇 〇〇/" 11 \
	"the quote ' opened here is not closed" \
	"ここで開いた引用符 ' が閉じていません"
check_case bracket 's/name: 〇〇 〇〇/name: [〇〇, 〇〇/' 11 \
	'the bracket [ opened here is not closed: add ]' \
	'ここで開いたかっこ [ が閉じていません'
check_case indent 's/^    name/      name/' 7 \
	'the indentation (the spaces at the start of the line) does not match the lines around it' \
	'字下げ（行頭の空白の数）が前後の行と合っていません'
check_case dedent 's/^    name/   name/' 4 \
	'the indentation (the spaces at the start of the line) does not match the lines around it' \
	'字下げ（行頭の空白の数）が前後の行と合っていません'
check_case colon-in-value 's/name: 〇〇 〇〇/name: 担当: 〇〇/' 13 \
	'a colon and a space (": ") inside a value: put the whole value in quotes' \
	'値の中に「: 」（コロンと空白）があります'

# The template itself: none of these checks fires on a good file.
expect_rc 0 "the template has no syntax finding" -- "$MOSHIMO" check --quiet "$P"

# Through revision save: refused, positioned, nothing changed.
D="$TMPDIR/data"
"$MOSHIMO" init "$D" >/dev/null 2>&1
before=$(sha256sum <"$D/policy.yaml")
expect_rc 1 "revision save of the unclosed bracket" -- env LANG=ja_JP.UTF-8 LC_ALL= "$MOSHIMO" revision save "$TMPDIR/bracket.yaml" --data "$D"
expect_grep "$TMPDIR/err" "bracket.yaml:$L:11: エラー: ここで開いたかっこ [ が閉じていません" "the finding names line $L"
[ "$before" = "$(sha256sum <"$D/policy.yaml")" ] && ok "policy.yaml is unchanged" || not_ok "policy.yaml changed"
finish
