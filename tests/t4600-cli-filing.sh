#!/bin/sh
# moshimo filing list / draft / done / waive: the filings of a ransomware
# attack on the customer database with the rule in words and the deadlines
# (JSON fields exactly as issue 13 names them), drafts in md, html and pdf,
# a filed draft kept with its SHA-256 and never changed, waiving with a
# reason, and check's positioned findings on a broken filings: section.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_DATA="$D" MOSHIMO_USER=tester MOSHIMO_NOW=2026-11-30T14:30:00Z LANG=C.UTF-8
"$MOSHIMO" init >/dev/null || not_ok "init"
printf '%s' '{"title":"顧客DBがランサムウェアで暗号化","sign":"ransom_screen","impact":{"personal_data":true,"business":true},"facts":{"persons":5000,"data_kinds":"氏名、住所"}}' |
	"$MOSHIMO" report >/dev/null || not_ok "report"

expect_rc 0 "filing list" -- "$MOSHIMO" filing list 1
expect_grep "$TMPDIR/out" "ppc_prompt" "the 速報 is listed"
expect_grep "$TMPDIR/out" "④本人の数が1,000人を超える漏えい等に該当" "the rule in words"
expect_grep "$TMPDIR/out" "2026-12-04 23:59" "discovered 23:30 JST: day 5 ends on Dec 4"
expect_grep "$TMPDIR/out" "2027-01-28 23:59" "③: the 確報 in 60 days"
expect_grep "$TMPDIR/out" "https://www.ppc.go.jp/" "the desk's URL"

expect_rc 0 "filing list --json" -- "$MOSHIMO" filing list 1 --json
cp "$TMPDIR/out" "$TMPDIR/list.json"
[ "$(jq -r '[.[].id] | join(",")' "$TMPDIR/list.json")" = "ppc_prompt,ppc_final,persons_notice,police,ipa_virus" ] &&
	ok "exactly the filings a lawyer would name" || not_ok "filings: $(jq -c '[.[].id]' "$TMPDIR/list.json")"
[ "$(jq -r '.[0] | keys | sort | join(",")' "$TMPDIR/list.json")" = "authority,done_at,due_at,id,legal,ref,remind_at,rule,state,title" ] &&
	ok "the JSON fields, with remind_at for a window" || not_ok "fields: $(jq -c '.[0] | keys' "$TMPDIR/list.json")"
[ "$(jq -r '.[1] | keys | sort | join(",")' "$TMPDIR/list.json")" = "authority,done_at,due_at,id,legal,ref,rule,state,title" ] &&
	ok "no remind_at without a window" || not_ok "fields of ppc_final"
[ "$(jq -r '.[0].due_at' "$TMPDIR/list.json")" = "2026-12-04T23:59:59+09:00" ] && ok "due_at" || not_ok "due_at"
[ "$(jq -r '.[3].legal' "$TMPDIR/list.json")" = false ] && ok "the police are advised, not required" || not_ok "police legal"

expect_rc 0 "draft md" -- "$MOSHIMO" filing draft 1 ppc_prompt
expect_grep "$TMPDIR/out" "二次被害又はそのおそれの有無及びその内容" "the nine items"
expect_grep "$TMPDIR/out" "5000人" "the count recorded"
expect_rc 0 "draft html" -- "$MOSHIMO" filing draft 1 public_notice --format html
expect_grep "$TMPDIR/out" "<!DOCTYPE html>" "a standalone page"
expect_rc 0 "draft pdf" -- "$MOSHIMO" filing draft 1 police --format pdf -o "$TMPDIR/police.pdf"
[ "$(head -c 5 "$TMPDIR/police.pdf")" = "%PDF-" ] && ok "a pdf" || not_ok "pdf"
expect_rc 2 "unknown draft" -- "$MOSHIMO" filing draft 1 nonsense
expect_rc 2 "unknown format" -- "$MOSHIMO" filing draft 1 ppc_prompt --format docx

# Filed: the file as sent is kept with its SHA-256, on the timeline.
printf '# 速報（送信したもの）\n' >"$TMPDIR/sent.md"
sum=$(sha256sum "$TMPDIR/sent.md" | cut -d' ' -f1)
expect_rc 0 "filing done" -- "$MOSHIMO" filing done 1 ppc_prompt --date 2026-12-02 --ref PPC-77 --file "$TMPDIR/sent.md"
expect_rc 0 "show" -- "$MOSHIMO" show 1
expect_grep "$TMPDIR/out" "$sum" "the timeline carries the hash"
[ "$(sqlite3 "$D/moshimo.db" "SELECT sha256 FROM filings WHERE kind='ppc_prompt'")" = "$sum" ] && ok "hash kept" || not_ok "hash"
expect_rc 0 "filing list after done" -- "$MOSHIMO" filing list 1 --json
[ "$(jq -r '.[0].state + " " + .[0].ref + " " + .[0].done_at' "$TMPDIR/out")" = "done PPC-77 2026-12-02T00:00:00+09:00" ] &&
	ok "state, ref, done_at" || not_ok "done: $(jq -c '.[0]' "$TMPDIR/out")"
expect_rc 1 "filing it again is refused" -- "$MOSHIMO" filing done 1 ppc_prompt --date 2026-12-03 --ref X
expect_grep "$TMPDIR/err" "a filed draft cannot be changed" "says why"
sqlite3 "$D/moshimo.db" "UPDATE filings SET ref='forged'" 2>"$TMPDIR/sqlerr" && not_ok "sql update allowed" || ok "the database refuses an edit"
expect_rc 0 "audit verify" -- "$MOSHIMO" audit verify
# Without --file, the draft as it reads now is kept.
expect_rc 0 "filing done without a file" -- "$MOSHIMO" filing done 1 persons_notice --date 2026-12-03
[ -n "$(sqlite3 "$D/moshimo.db" "SELECT sha256 FROM filings WHERE kind='persons_notice' AND length(draft) > 100")" ] &&
	ok "the generated draft kept" || not_ok "generated draft"
expect_rc 2 "done needs a date" -- "$MOSHIMO" filing done 1 ppc_final
expect_rc 2 "a bad date" -- "$MOSHIMO" filing done 1 ppc_final --date tomorrowish

# Waiving needs a reason.
expect_rc 2 "waive without a reason" -- "$MOSHIMO" filing waive 1 ipa_virus
expect_rc 1 "waive with a blank reason" -- "$MOSHIMO" filing waive 1 ipa_virus --reason "   "
expect_rc 1 "an unknown filing" -- "$MOSHIMO" filing waive 1 nothing --reason x
expect_rc 0 "waive" -- "$MOSHIMO" filing waive 1 ipa_virus --reason "保守ベンダー経由で共有済み"
expect_rc 0 "list" -- "$MOSHIMO" filing list 1 --json
[ "$(jq -r '.[] | select(.id=="ipa_virus") | .state' "$TMPDIR/out")" = waived ] && ok "waived" || not_ok "waived"
expect_rc 0 "audit verify at the end" -- "$MOSHIMO" audit verify
expect_rc 1 "no such incident" -- "$MOSHIMO" filing list 9

# check: the filings section's mistakes, each at its line and column.
cat >"$TMPDIR/bad.yaml" <<'YAML'
filings:
  - id: f1
    authority: ppc_leak
    title: 速報
    legal: true
    law: 法
    any: [sensitiv]
    window: 5d..3d
  - id: f2
    authority: ppc_leak
    title: 確報
    follows: [nope]
    legal: maybe
YAML
"$MOSHIMO" init "$TMPDIR/p" >/dev/null
awk '/^filings:/{skip=1} /^# インシデント対応に役立つ情報/{skip=0} !skip' "$TMPDIR/p/policy.yaml" >"$TMPDIR/p2.yaml"
n=$(grep -n '^references:' "$TMPDIR/p2.yaml" | cut -d: -f1)
head -n $((n - 1)) "$TMPDIR/p2.yaml" >"$TMPDIR/p3.yaml"
base=$(wc -l <"$TMPDIR/p3.yaml")
cat "$TMPDIR/bad.yaml" >>"$TMPDIR/p3.yaml"
tail -n +"$n" "$TMPDIR/p2.yaml" >>"$TMPDIR/p3.yaml"
expect_rc 1 "check a broken filings section" -- "$MOSHIMO" check "$TMPDIR/p3.yaml"
expect_grep "$TMPDIR/err" "p3.yaml:$((base + 7)):11: error: filings: unknown fact \"sensitiv\" in \"any\"" "unknown fact, positioned"
expect_grep "$TMPDIR/err" "p3.yaml:$((base + 8)):13: error: filings: the window \"5d..3d\" must end after it starts" "window backwards"
expect_grep "$TMPDIR/err" "p3.yaml:$((base + 12)):14: error: filings: \"follows\" names filing \"nope\", which is not defined" "follows an undefined filing"
expect_grep "$TMPDIR/err" "p3.yaml:$((base + 13)):12: error: \"legal\" must be true or false" "legal must be a boolean"
finish
