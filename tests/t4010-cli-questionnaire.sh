#!/bin/sh
# moshimo report on a terminal: the Japanese questionnaire (through a
# pseudo-terminal made by script(1)), its impact questions from the level
# table, the immediate actions, and cancelling at end of input.
. tests/lib.sh

command -v script >/dev/null 2>&1 || skip "script(1) is not installed (bsdutils)"
D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester
# sign 2 (身代金を要求する画面), title, details, impact: customers n,
# personal data n, business y, employees n; now; name; not external;
# contact; disconnected y; confirm.
printf '2\n共有フォルダが暗号化された\n経理部のPC\nn\nn\ny\nn\n\n佐藤\nn\n内線12\ny\n\n' >"$TMPDIR/answers"
expect_rc 0 "questionnaire" -- sh -c "timeout 20 script -qec '\"$MOSHIMO\" report' /dev/null <'$TMPDIR/answers'"
expect_grep "$TMPDIR/out" "1. 何に気付きましたか？" "asks what was noticed"
expect_grep "$TMPDIR/out" "身代金を要求する画面" "lists the policy's signs"
expect_grep "$TMPDIR/out" "「顧客、取引先、株主等に影響が及ぶとき」に当てはまりますか？" "impact questions quote the level table"
expect_grep "$TMPDIR/out" "「事業に影響が及ぶとき」に当てはまりますか？" "level 2's question"
expect_grep "$TMPDIR/out" "Reported INC-0001: 共有フォルダが暗号化された" "stored and acknowledged"
expect_grep "$TMPDIR/out" "Level 2" "business affected: level 2"
expect_grep "$TMPDIR/out" "【してはいけないこと】" "immediate don'ts"
expect_grep "$TMPDIR/out" "身代金を支払わない" "the sign's don'ts"
expect_grep "$TMPDIR/out" "（発見から10分以内）" "deadline in Japanese"
"$MOSHIMO" show 1 --json >"$TMPDIR/j"
[ "$(jq -r .reporter.name "$TMPDIR/j")" = 佐藤 ] && ok "reporter recorded" || not_ok "reporter"
[ "$(jq -r .facts.disconnected "$TMPDIR/j")" = true ] && ok "fact recorded" || not_ok "fact"
[ "$(jq -r .sign "$TMPDIR/j")" = ransom_screen ] && ok "sign recorded" || not_ok "sign"

# External report (sign 4, メールの誤送信): the contact is required; bad answers are asked again.
printf '99\n4\n誤送信\n\nn\ny\nn\nn\nyesterday\n\n山田\ny\n\n03-1111-2222\n3\nn\nn\nn\nn\nn\n\n\n' >"$TMPDIR/answers2"
expect_rc 0 "questionnaire, external" -- sh -c "timeout 20 script -qec '\"$MOSHIMO\" report' /dev/null <'$TMPDIR/answers2'"
expect_grep "$TMPDIR/out" "一覧の番号で答えてください。" "a bad choice is asked again"
expect_grep "$TMPDIR/out" "通報者の連絡先（必須）" "external: contact required"
expect_grep "$TMPDIR/out" "Level 3" "personal data: level 3"
"$MOSHIMO" show 2 --json >"$TMPDIR/j"
[ "$(jq -r .reporter.contact "$TMPDIR/j")" = 03-1111-2222 ] && ok "contact recorded" || not_ok "contact"
[ "$(jq -r .facts.persons "$TMPDIR/j")" = 3 ] && ok "persons recorded" || not_ok "persons"
[ "$(jq -r .facts.encrypted "$TMPDIR/j")" = false ] && ok "encrypted asked and recorded (no)" || not_ok "encrypted"
[ "$(jq -r .facts.sensitive "$TMPDIR/j")" = false ] && ok "sensitive asked and recorded (no)" || not_ok "sensitive"
expect_grep "$TMPDIR/out" "クレジットカード番号、銀行口座" "asks about card and bank data (②)"
expect_grep "$TMPDIR/out" "委託元の名前" "asks for the client (委託)"

# End of input cancels and stores nothing.
printf '1\n途中まで\n' >"$TMPDIR/answers3"
expect_rc 1 "cancelled" -- sh -c "timeout 20 script -qec '\"$MOSHIMO\" report' /dev/null <'$TMPDIR/answers3'"
expect_grep "$TMPDIR/out" "cancelled; nothing was stored" "says nothing was stored"
[ "$(sqlite3 "$D/moshimo.db" 'SELECT count(*) FROM incidents')" = 2 ] && ok "nothing stored" || not_ok "stored"
finish
