#!/bin/sh
# Evidence (copy, hash, verify, custody), search (Japanese substrings),
# similar past incidents, and the report document.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
echo '{"title":"ランサムウェアによる暗号化","category":"malware","description":"共有フォルダのファイルが暗号化された"}' |
	"$MOSHIMO" report >/dev/null
printf 'Nov 22 10:01 sshd: Accepted password for admin\n' >"$TMPDIR/auth.log"
expect_rc 0 "evidence add" -- "$MOSHIMO" evidence add 1 "$TMPDIR/auth.log" --note "VPNサーバーの認証ログ"
sum=$(sha256sum "$TMPDIR/auth.log" | cut -d' ' -f1)
expect_grep "$TMPDIR/out" "$sum" "the SHA-256 is printed"
f=$(ls "$D/evidence/1/")
[ "$(stat -c %a "$D/evidence/1/$f")" = 600 ] && ok "evidence copy is 0600" || not_ok "evidence mode"
cmp -s "$TMPDIR/auth.log" "$D/evidence/1/$f" && ok "an exact copy" || not_ok "copy differs"
expect_rc 0 "evidence verify" -- "$MOSHIMO" evidence verify 1
expect_grep "$TMPDIR/out" "evidence 1: ok" "verified"
echo "edited" >>"$D/evidence/1/$f"
expect_rc 1 "evidence verify finds a change" -- "$MOSHIMO" evidence verify 1
expect_grep "$TMPDIR/out" "evidence 1: CHANGED" "changed"
expect_grep "$TMPDIR/err" "evidence does not match" "error message"
rm "$D/evidence/1/$f"
expect_rc 1 "evidence verify finds a missing file" -- "$MOSHIMO" evidence verify 1 --json
[ "$(jq -r '.[0].state' "$TMPDIR/out")" = MISSING ] && ok "missing" || not_ok "missing"
expect_rc 1 "evidence add: no such file" -- "$MOSHIMO" evidence add 1 "$TMPDIR/none"
expect_rc 1 "evidence add: unknown incident" -- "$MOSHIMO" evidence add 5 "$TMPDIR/auth.log"
expect_rc 2 "evidence: bad verb" -- "$MOSHIMO" evidence delete 1
"$MOSHIMO" show 1 >"$TMPDIR/show"
expect_grep "$TMPDIR/show" "custody" "custody events on the timeline"
expect_grep "$TMPDIR/show" "$sum" "the hash on the timeline"

# Search: Japanese substrings, notes, several words, nothing found.
"$MOSHIMO" note 1 "経理部のPCから感染が広がった可能性" >/dev/null
echo '{"title":"顧客情報のメール誤送信","category":"leak"}' | "$MOSHIMO" report >/dev/null
expect_rc 0 "search ランサム" -- "$MOSHIMO" search ランサム
expect_grep "$TMPDIR/out" "ランサムウェアによる暗号化" "ランサム finds ランサムウェア"
expect_no_grep "$TMPDIR/out" "誤送信" "and not the other"
expect_rc 0 "search a note" -- "$MOSHIMO" search 経理部 --json
[ "$(jq -r '.[0].ref' "$TMPDIR/out")" = INC-0001 ] && ok "notes are searched" || not_ok "note search"
expect_rc 0 "search two words" -- "$MOSHIMO" search メール 誤送信
expect_grep "$TMPDIR/out" "INC-0002" "both words"
expect_rc 0 "search: nothing" -- "$MOSHIMO" search 地震
expect_grep "$TMPDIR/out" "No incidents." "nothing found"
expect_rc 2 "search needs words" -- "$MOSHIMO" search

# Similar: a closed ransomware case with its lessons.
"$MOSHIMO" step 1 1 skip --note "該当なし" >/dev/null
n=$(jq '.steps | length' "$("$MOSHIMO" show 1 --json >"$TMPDIR/j"; echo "$TMPDIR/j")")
i=2
while [ "$i" -le "$n" ]; do "$MOSHIMO" step 1 "$i" done >/dev/null; i=$((i + 1)); done
expect_rc 0 "close the first" -- "$MOSHIMO" close 1 --cause "VPN機器の脆弱性" --measures "VPN機器の更新と多要素認証" --lessons "オフラインバックアップが役立った"
echo '{"title":"ランサムウェア感染の疑い","category":"malware"}' | "$MOSHIMO" report >/dev/null
expect_rc 0 "similar" -- "$MOSHIMO" similar 3
expect_grep "$TMPDIR/out" "INC-0001" "the past case"
expect_grep "$TMPDIR/out" "VPN機器の脆弱性" "its cause"
expect_grep "$TMPDIR/out" "オフラインバックアップが役立った" "its lessons"
expect_rc 0 "similar --json" -- "$MOSHIMO" similar 3 --json
[ "$(jq -r '.[0].measures' "$TMPDIR/out")" = "VPN機器の更新と多要素認証" ] && ok "measures in JSON" || not_ok "measures"

# The report document.
expect_rc 0 "export md" -- "$MOSHIMO" export 1
for item in インシデントの分類 事業者 責任者・担当者 発覚日時 発生日時 発生事象 対応経過 想定される原因 被害を受けたシステムの状況 システム構成・運用状況; do
	expect_grep "$TMPDIR/out" "| $item |" "export has $item"
done
expect_grep "$TMPDIR/out" "## 2. 対応手順（チェックリスト）" "export has the checklist"
expect_grep "$TMPDIR/out" "| **完了** | tester" "checklist with who"
expect_grep "$TMPDIR/out" "## 6. 証拠" "export has evidence"
expect_grep "$TMPDIR/out" "オフラインバックアップが役立った" "export has the lessons"
expect_rc 0 "export json -o" -- "$MOSHIMO" export 1 --format json -o "$TMPDIR/inc1.json"
[ "$(jq -r .status "$TMPDIR/inc1.json")" = closed ] && ok "json export" || not_ok "json export"
expect_rc 2 "export: bad format" -- "$MOSHIMO" export 1 --format docx
expect_rc 1 "export: unknown id" -- "$MOSHIMO" export 42
finish
