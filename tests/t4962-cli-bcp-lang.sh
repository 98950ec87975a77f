#!/bin/sh
# moshimo bcp order / board print RTO and RPO in the CLI's language: English
# under LANGUAGE=en / LC_ALL=C, Japanese under a Japanese locale (the other
# words of the board already followed it). Test clock MOSHIMO_NOW.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-12-02T09:00:00+09:00
"$MOSHIMO" init >/dev/null || not_ok "init"
printf '%s' '{"title":"地震でサーバー室が停電","sign":"disaster","occurred_at":"2026-12-02T08:30:00+09:00"}' |
	"$MOSHIMO" report >/dev/null || not_ok "report"

expect_rc 0 "bcp order in English" -- env LANGUAGE=en LC_ALL=C "$MOSHIMO" bcp order
grep "network" "$TMPDIR/out" | grep -q "RTO 4 h$" && ok "order: RTO 4 h" ||
	not_ok "order: $(grep network "$TMPDIR/out")"
grep -q "時間\|日" "$TMPDIR/out" && not_ok "order: a Japanese unit in English: $(grep RTO "$TMPDIR/out" | head -2)" ||
	ok "order: no Japanese unit"
expect_rc 0 "bcp board in English" -- env LANGUAGE=en LC_ALL=C "$MOSHIMO" bcp board 1
expect_grep "$TMPDIR/out" "elapsed: 30 min / RTO 4 h — within the RTO" "board: the network's RTO in English"
grep "RTO\|RPO" "$TMPDIR/out" | grep -q "時間\|日\|分" &&
	not_ok "board: a Japanese unit: $(grep 'RTO\|RPO' "$TMPDIR/out" | grep '時間\|日\|分' | head -2)" ||
	ok "board: RTO and RPO without a Japanese unit"
grep -q "RPO [0-9]" "$TMPDIR/out" && ok "board: an RPO is printed" || not_ok "board: no RPO line"

expect_rc 0 "bcp board in Japanese" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 LANGUAGE= "$MOSHIMO" bcp board 1
expect_grep "$TMPDIR/out" "経過: 30分 / RTO 4時間 — 目標時間内" "board: RTO in Japanese"
expect_rc 0 "bcp order in Japanese" -- env LC_ALL=ja_JP.UTF-8 LANG=ja_JP.UTF-8 LANGUAGE= "$MOSHIMO" bcp order
grep "network" "$TMPDIR/out" | grep -q "RTO 4時間$" && ok "order: RTO 4時間" ||
	not_ok "order ja: $(grep network "$TMPDIR/out")"
finish
