#!/bin/sh
# moshimo bcp: after a simulated earthquake report (test clock MOSHIMO_NOW),
# the board in JSON (every system of the disaster, the recovery order, the
# next to restore and what it waits for, elapsed time against each RTO, the
# vendors and owners), `bcp set` with its note on the timeline, a restored
# system's time frozen, the damage survey and staff availability, bad input
# changing nothing, a non-disaster incident's board, and the audit chain.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester LANG=C.UTF-8
j() { jq -r "$1" "$TMPDIR/out"; }
is() { # is DESCRIPTION GOT WANT
	[ "$2" = "$3" ] && ok "$1" || not_ok "$1: got [$2], want [$3]"
}

"$MOSHIMO" init >/dev/null || not_ok "init"
expect_rc 0 "bcp order" -- "$MOSHIMO" bcp order --json
is "the recovery order of the built-in systems" "$(j '[.[].id] | join(" ")')" "network sales mail file_server"

export MOSHIMO_NOW=2026-12-02T09:00:00+09:00
printf '%s' '{"title":"地震でサーバー室が停電","sign":"disaster","occurred_at":"2026-12-02T08:30:00+09:00"}' |
	"$MOSHIMO" report >/dev/null || not_ok "report"
printf '%s' '{"title":"USBメモリを紛失","sign":"device_lost"}' | "$MOSHIMO" report >/dev/null || not_ok "report 2"

expect_rc 0 "the board of the earthquake" -- "$MOSHIMO" bcp board 1 --json
is "the board applies to a disaster" "$(j .applies)" true
is "every system is affected, in recovery order" "$(j '[.systems[].id] | join(" ")')" "network sales mail file_server"
is "states unknown until reported" "$(j '[.systems[].state] | unique | join(",")')" unknown
is "the next to restore is the network" "$(j .next)" network
is "the outage began when it occurred" "$(j .start)" "2026-12-02T08:30:00+09:00"
is "the main system waits for the network" "$(j '.systems[1].waits_for | join(",")')" network
is "and needs power (a free word)" "$(j '.systems[1].needs | join(",")')" 電源
is "its owner: the role and who holds it" "$(j '.systems[1].owner.title + "/" + .systems[1].owner.role')" "対応責任者/manager"
is "its vendor with the phone" "$(j '.systems[1].vendors[0].id + " " + .systems[1].vendors[0].tel')" "it_vendor 03-****-****"
is "RTO and RPO in seconds" "$(j '.systems[1].rto_seconds, .systems[1].rpo_seconds' | tr '\n' ' ')" "86400 86400 "
is "30 minutes elapsed" "$(j '.systems[0].elapsed_seconds')" 1800

# 3 hours after the quake: the network stopped, within its 4 h RTO.
export MOSHIMO_NOW=2026-12-02T11:30:00+09:00
expect_rc 0 "bcp set network stopped" -- "$MOSHIMO" bcp set 1 network stopped --note "ルーターが停電で停止"
expect_grep "$TMPDIR/out" "INC-0001" "says which incident"
expect_rc 0 "board" -- "$MOSHIMO" bcp board 1 --json
is "network stopped" "$(j '.systems[0].state + " " + .systems[0].state_label')" "stopped 停止"
is "the note and who" "$(j '.systems[0].note + " / " + .systems[0].by')" "ルーターが停電で停止 / tester"
is "3 h elapsed" "$(j '.systems[0].elapsed_seconds')" 10800
is "within the 4 h RTO" "$(j '.systems[0].rto_over')" false

# 5 hours: over the network's RTO, the main system's 1 d RTO still holds.
export MOSHIMO_NOW=2026-12-02T13:30:00+09:00
expect_rc 0 "board at 5 h" -- "$MOSHIMO" bcp board 1 --json
is "over the network's RTO" "$(j '.systems[0].rto_over')" true
is "the main system is within its RTO" "$(j '.systems[1].rto_over')" false
expect_rc 0 "the board in words" -- "$MOSHIMO" bcp board 1
expect_grep "$TMPDIR/out" "over the RTO" "the text says over"
expect_grep "$TMPDIR/out" "next to restore: 社内ネットワーク・インターネット回線 (network)" "the text names the next"

expect_rc 0 "bcp set network restored" -- "$MOSHIMO" bcp set 1 network restored --json
is "set --json prints the board" "$(j '.systems[0].state')" restored
is "restored at" "$(j '.systems[0].restored_at')" "2026-12-02T13:30:00+09:00"
is "the next is now the main system" "$(j .next)" sales
is "which no longer waits" "$(j '.systems[1].waits_for | length')" 0
export MOSHIMO_NOW=2026-12-02T20:30:00+09:00
expect_rc 0 "board later" -- "$MOSHIMO" bcp board 1 --json
is "a restored system's time stops at its restoration" "$(j '.systems[0].elapsed_seconds')" 18000
is "the main system's time runs on" "$(j '.systems[1].elapsed_seconds')" 43200

# Damage survey (004 §5(2)④) and staff (③).
expect_rc 0 "survey by number" -- "$MOSHIMO" bcp survey 1 1 "固定電話は不通、携帯は通じる"
expect_rc 0 "survey by text" -- "$MOSHIMO" bcp survey 1 電力の供給状況 "復旧済み"
expect_rc 0 "staff" -- "$MOSHIMO" bcp staff 1 山田太郎 --from "2026-12-03 09:00" --note "自宅から出社可"
expect_rc 0 "staff again (later time)" -- "$MOSHIMO" bcp staff 1 山田太郎 --from "2026-12-03 13:00"
expect_rc 0 "board" -- "$MOSHIMO" bcp board 1 --json
is "the survey has the five items of 004" "$(j '.survey | length')" 5
is "answer 1" "$(j '.survey[0].answer')" "固定電話は不通、携帯は通じる"
is "answer 2" "$(j '.survey[1].answer')" "復旧済み"
is "unanswered items are null" "$(j '.survey[2].answer')" null
is "one row per person, the latest" "$(j '.staff | length'),$(j '.staff[0].from')" "1,2026-12-03T13:00:00+09:00"

# Bad input: a clear error, nothing changed.
events=$("$MOSHIMO" show 1 --json | jq '.timeline | length')
[ "$events" -gt 5 ] && ok "the timeline has $events events" || not_ok "timeline: $events events"
expect_rc 1 "unknown system" -- "$MOSHIMO" bcp set 1 printer stopped
expect_grep "$TMPDIR/err" "printer" "names the system"
expect_rc 1 "unknown state" -- "$MOSHIMO" bcp set 1 mail broken
expect_grep "$TMPDIR/err" "stopped, degraded, restored" "lists the states"
expect_rc 1 "unknown survey item" -- "$MOSHIMO" bcp survey 1 9 "x"
expect_rc 2 "staff without --from" -- "$MOSHIMO" bcp staff 1 鈴木
expect_rc 2 "a bad time" -- "$MOSHIMO" bcp staff 1 鈴木 --from "tomorrow-ish"
expect_rc 1 "no such incident" -- "$MOSHIMO" bcp set 99 mail stopped
expect_rc 2 "wrong number of arguments" -- "$MOSHIMO" bcp set 1 mail
is "nothing was recorded by the bad commands" "$("$MOSHIMO" show 1 --json | jq '.timeline | length')" "$events"

# The timeline holds each change.
expect_rc 0 "show" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "社内ネットワーク・インターネット回線（network）：停止 — ルーターが停電で停止" "set on the timeline"
expect_grep "$TMPDIR/out" "被害状況：電話の稼動状況 — 固定電話は不通、携帯は通じる" "survey on the timeline"
expect_grep "$TMPDIR/out" "復旧要員：山田太郎 2026-12-03 09:00 から就業可能" "staff on the timeline"

# An incident that is no disaster: no board until a system is recorded.
expect_rc 0 "board of a lost USB stick" -- "$MOSHIMO" bcp board 2 --json
is "does not apply" "$(j '.applies'),$(j '.systems | length')" "false,0"
expect_rc 0 "a stopped mail server on it" -- "$MOSHIMO" bcp set 2 mail degraded
expect_rc 0 "board" -- "$MOSHIMO" bcp board 2 --json
is "only the system recorded" "$(j '.applies'),$(j '[.systems[].id] | join(",")'),$(j .next)" "true,mail,mail"

expect_rc 0 "audit verify" -- "$MOSHIMO" audit verify
expect_grep "$TMPDIR/out" "audit chain OK" "the chain holds every change"
expect_rc 0 "bcp --help" -- "$MOSHIMO" bcp --help
expect_grep "$TMPDIR/out" "moshimo bcp staff ID PERSON --from TIME" "the usage"
finish
