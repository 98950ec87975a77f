#!/bin/sh
# Search as people type: full-width and half-width forms and case are the
# same (NFKC and case folding at index and query time), short words too,
# notes too; the manual's sections with their links; a database indexed
# before the folding is indexed again by its migration.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
echo '{"title":"ノートPCを電車に置き忘れ","category":"other","description":"営業部のThinkPad、BitLocker なし"}' |
	"$MOSHIMO" report >/dev/null
echo '{"title":"ＵＳＢメモリの紛失","category":"other","description":"顧客名簿ｶﾀﾛｸﾞ入り（２０２６年版）"}' |
	"$MOSHIMO" report >/dev/null
"$MOSHIMO" note 1 "ＶＰＮの接続記録を確認した" >/dev/null

# expect_only QUERY REF...: the search finds exactly these incidents.
expect_only() {
	q=$1
	shift
	"$MOSHIMO" search "$q" --json >"$TMPDIR/out" 2>"$TMPDIR/err"
	got=$(jq -r '[.[].ref] | sort | join(" ")' "$TMPDIR/out" 2>/dev/null)
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$want" ]; then
		ok "search 「$q」 finds ${want:-nothing}"
	else
		not_ok "search 「$q」: got [$got], want [$want] $(cat "$TMPDIR/err")"
	fi
}

expect_only "ノートＰＣ" INC-0001          # full-width Latin → half-width
expect_only "ﾉｰﾄPC" INC-0001              # half-width katakana → full-width
expect_only "ノートpc" INC-0001            # case
expect_only "thinkpad" INC-0001
expect_only "ＴＨＩＮＫＰＡＤ" INC-0001
expect_only "ＰＣ" INC-0001                # two characters: the scan path folds too
expect_only "usbメモリ" INC-0002          # stored full-width, typed half-width
expect_only "USB" INC-0002
expect_only "カタログ" INC-0002            # stored half-width katakana
expect_only "2026年版" INC-0002            # stored full-width digits
expect_only "vpn" INC-0001                # a note, stored full-width
expect_only "ｖｐｎの接続" INC-0001
expect_only "ノートＰＣ 営業部" INC-0001
expect_only "ノートＰＣ ＵＳＢ"              # every word must be there
expect_only "紛失" INC-0002

# After a change the index is folded again.
"$MOSHIMO" set 2 description "ＩＣカードも入っていた" >/dev/null
expect_only "icカード" INC-0002
expect_only "カタログ"

# The manual: sections with their links.
expect_rc 0 "search prints the manual's sections" -- "$MOSHIMO" search ランサムウェア
expect_grep "$TMPDIR/out" "In the manual:" "a manual heading"
expect_grep "$TMPDIR/out" "ランサムウェア感染  /manual/document#ch8-3" "the section with its link"
expect_rc 0 "search ﾗﾝｻﾑｳｪｱ: folded in the manual too" -- "$MOSHIMO" search "ﾗﾝｻﾑｳｪｱ"
expect_grep "$TMPDIR/out" "/manual/document#ch8-3" "half-width katakana finds the manual's section"
expect_rc 0 "a word in no section" -- "$MOSHIMO" search "zzqqxx"
expect_grep "$TMPDIR/out" "Not in the manual." "says so"
"$MOSHIMO" init "$TMPDIR/p2" >/dev/null 2>&1
cp "$TMPDIR/p2/policy.yaml" "$D/policy.yaml"
sed -i 's|^  timezone: Asia/Tokyo$|  timezone: Asia/Tokyo\n  report_url: https://moshimo.example.co.jp/r/abc|' "$D/policy.yaml"
expect_rc 0 "search with a report_url" -- "$MOSHIMO" search ランサムウェア
expect_grep "$TMPDIR/out" "https://moshimo.example.co.jp/manual/document#ch8-3" "links use the public URL"
expect_rc 0 "the JSON stays an array of incidents" -- "$MOSHIMO" search ノート --json
[ "$(jq -r 'type' "$TMPDIR/out")" = array ] && ok "JSON array" || not_ok "JSON is not an array"

# A database indexed before the folding: the migration indexes it again.
if command -v sqlite3 >/dev/null; then
	# Back to schema 8 (before migration_search_nfkc, the 9th): the tables of
	# the later migrations go too, so that they run again (add yours here).
	v=$(sqlite3 "$D/moshimo.db" 'PRAGMA user_version')
	sqlite3 "$D/moshimo.db" "DELETE FROM search;
		INSERT INTO search (rowid, title, body, notes) SELECT id, title, description, '' FROM incidents;
		DROP TABLE IF EXISTS bcp_log;
		PRAGMA user_version = 8;"
	"$MOSHIMO" search "usbメモリ" --json >"$TMPDIR/out" 2>"$TMPDIR/err"
	[ "$(jq -r '.[0].ref' "$TMPDIR/out")" = INC-0002 ] &&
		ok "after the migration, an old row is found by its folded form" ||
		not_ok "migration did not re-index: $(cat "$TMPDIR/out" "$TMPDIR/err")"
	[ "$(sqlite3 "$D/moshimo.db" 'PRAGMA user_version')" = "$v" ] && ok "schema back at $v" ||
		not_ok "user_version"
	expect_only "vpn" INC-0001
else
	not_ok "sqlite3 is not installed"
fi
finish
