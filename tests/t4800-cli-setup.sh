#!/bin/sh
# moshimo setup: the template's placeholders as questions (--questions), a
# file of answers (--answers) that leaves no placeholder in the policy nor in
# the manual PDF, comments kept; bad answers refused naming the question and
# changing nothing; the terminal's questions, and Ctrl-D leaves nothing.
. tests/lib.sh

d="$TMPDIR/data"
ans=tests/fixtures/setup/answers.yaml
expect_rc 0 "init" -- "$MOSHIMO" init "$d"

# --questions: YAML with id, question, current, example for each open one
expect_rc 0 "setup --questions" -- "$MOSHIMO" setup --questions --data "$d"
cp "$TMPDIR/out" "$TMPDIR/questions.yaml"
expect_grep "$TMPDIR/questions.yaml" "- id: company_name" "company name is a question"
expect_grep "$TMPDIR/questions.yaml" "  current: 株式会社〇〇" "its current value is the placeholder"
expect_grep "$TMPDIR/questions.yaml" "  example: 株式会社もしも商事" "with an example"
expect_grep "$TMPDIR/questions.yaml" "- id: president.phone" "the chief's phone is a question"
expect_grep "$TMPDIR/questions.yaml" "最高責任者（代表取締役）" "asked by the role's title"
expect_grep "$TMPDIR/questions.yaml" "- id: insurer.tel" "the insurer's hotline is a question"
expect_grep "$TMPDIR/questions.yaml" "- id: business_system" "the BCP's system is a question"
n=$(grep -c '^- id:' "$TMPDIR/questions.yaml")
[ "$n" -ge 26 ] && ok "$n open questions" || not_ok "only $n open questions"
python3 - "$TMPDIR/questions.yaml" <<'PY' && ok "--questions is YAML with the four keys" || not_ok "--questions is not the YAML promised"
import sys, yaml
qs = yaml.safe_load(open(sys.argv[1]))
assert isinstance(qs, list) and qs
for q in qs:
    for k in ("id", "question", "current", "example"):
        assert k in q and isinstance(q[k], str), (q, k)
PY

sum=$(md5sum <"$d/policy.yaml")
# bad answers: the field named, nothing changed
printf 'company_name: 株式会社もしも商事\npresident.phone: 電話します\n' >"$TMPDIR/bad1.yaml"
expect_rc 1 "a bad phone is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad1.yaml" --data "$d"
expect_grep "$TMPDIR/err" "president.phone" "the refusal names the question"
expect_grep "$TMPDIR/err" "phone number" "and says what is wrong"
printf 'president.email: yamada at example\n' >"$TMPDIR/bad2.yaml"
expect_rc 1 "a bad e-mail is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad2.yaml" --data "$d"
expect_grep "$TMPDIR/err" "president.email" "the e-mail refusal names the question"
printf 'company_name: ""\n' >"$TMPDIR/bad3.yaml"
expect_rc 1 "an empty required answer is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad3.yaml" --data "$d"
expect_grep "$TMPDIR/err" "company_name: an answer is required" "the empty answer is named"
printf 'company_name: 株式会社〇〇商事\n' >"$TMPDIR/bad4.yaml"
expect_rc 1 "a placeholder as the answer is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad4.yaml" --data "$d"
printf 'no_such_thing: x\n' >"$TMPDIR/bad5.yaml"
expect_rc 1 "an unknown question is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad5.yaml" --data "$d"
expect_grep "$TMPDIR/err" "no_such_thing" "the unknown id is named"
printf 'review_interval: 0\n' >"$TMPDIR/bad6.yaml"
expect_rc 1 "a review interval of 0 months is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad6.yaml" --data "$d"
printf 'company_name: [a, b]\n' >"$TMPDIR/bad7.yaml"
expect_rc 1 "a list as an answer is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad7.yaml" --data "$d"
printf 'company_name: "x\n' >"$TMPDIR/bad8.yaml"
expect_rc 1 "a broken answers file is refused" -- "$MOSHIMO" setup --answers "$TMPDIR/bad8.yaml" --data "$d"
expect_grep "$TMPDIR/err" "bad8.yaml" "the broken file is named"
[ "$(md5sum <"$d/policy.yaml")" = "$sum" ] && ok "policy unchanged after every refusal" || not_ok "a refusal changed the policy"

# the answers file: every placeholder filled, comments kept, full-width read as ASCII
expect_rc 0 "setup --answers" -- "$MOSHIMO" setup --answers "$ans" --data "$d"
expect_grep "$TMPDIR/out" "revision" "saved as a revision"
expect_rc 0 "check after setup" -- "$MOSHIMO" check --data "$d"
expect_no_grep "$TMPDIR/err" "placeholder" "check shows no placeholder warning"
if grep -v '^ *#' "$d/policy.yaml" | grep -q '〇〇\|○○\|△△\|◇◇\|\*\*\*\*'; then
	not_ok "placeholders left in policy.yaml"; grep -n '〇〇\|○○\|\*\*\*\*' "$d/policy.yaml" | head
else
	ok "no placeholder left in policy.yaml"
fi
expect_grep "$d/policy.yaml" "# 〇〇・○○・△△・◇◇・**** は自社の情報に置き換えてください" "the template's comments are kept"
expect_grep "$d/policy.yaml" "phone: 090-1111-2222" "a full-width phone is stored as ASCII"
expect_grep "$d/policy.yaml" "email: sato@moshimo.example.co.jp" "a full-width e-mail is stored as ASCII"
expect_grep "$d/policy.yaml" "roles: [manager, sysadmin, first_responder]" "one name for two roles makes one person"
expect_no_grep "$d/policy.yaml" "id: system_admin" "the second entry of that person is gone"
expect_grep "$d/policy.yaml" "による販売管理システム停止" "the business system is named in the BCP's scenario"
expect_grep "$d/policy.yaml" "(株)さくらシステム開発（ITベンダー・保守契約先）" "the IT vendor is in the outside contacts"
expect_grep "$d/policy.yaml" "interval_months: 6" "the review interval"
expect_grep "$d/policy.yaml" "report_url: https://moshimo.example.co.jp/report" "the report page's address is added"
expect_grep "$d/policy.yaml" "relation: 委託元" "the related company is added"
expect_rc 0 "--questions after setup" -- "$MOSHIMO" setup --questions --data "$d"
[ "$(grep -c '^- id:' "$TMPDIR/out")" = 0 ] && ok "no open question left" || not_ok "questions still open"

# the manual PDF (regenerated by the save) has the company's name and no 〇〇
if [ -f "$d/manual.pdf" ]; then
	pdftotext "$d/manual.pdf" "$TMPDIR/manual.txt"
	expect_grep "$TMPDIR/manual.txt" "株式会社もしも商事" "manual.pdf has the company's name"
	expect_grep "$TMPDIR/manual.txt" "佐藤 花子" "manual.pdf has the incident manager's name"
	expect_no_grep "$TMPDIR/manual.txt" "〇〇" "manual.pdf has no 〇〇"
	expect_no_grep "$TMPDIR/manual.txt" "○○" "manual.pdf has no ○○"
else
	not_ok "manual.pdf was not regenerated"
fi
"$MOSHIMO" manual --format pdf -o "$TMPDIR/m.pdf" --data "$d" 2>/dev/null
pdftotext "$TMPDIR/m.pdf" - | grep -q '株式会社もしも商事' && ok "moshimo manual has the name" || not_ok "moshimo manual lacks the name"

# the terminal: answers from standard input; an error asks again; Ctrl-D leaves nothing
d2="$TMPDIR/data2"
"$MOSHIMO" init "$d2" >/dev/null
sum=$(md5sum <"$d2/policy.yaml")
printf '株式会社みどり\n' | "$MOSHIMO" setup --data "$d2" >"$TMPDIR/out" 2>"$TMPDIR/err"
[ $? -eq 1 ] && ok "end of input stops setup (exit 1)" || not_ok "end of input did not stop setup"
expect_grep "$TMPDIR/err" "nothing was changed" "and says nothing was changed"
[ "$(md5sum <"$d2/policy.yaml")" = "$sum" ] && ok "Ctrl-D left the policy as it was" || not_ok "Ctrl-D changed the policy"
# answer every question on the terminal: the fixture's values in the asked order
python3 - "$ans" "$TMPDIR/questions.yaml" >"$TMPDIR/stdin.txt" <<'PY'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
qs = yaml.safe_load(open(sys.argv[2]))
# the terminal asks the role holders' names first, then (after merging
# people with one name) their contacts: system_admin's are not asked
order = [q["id"] for q in qs]
out = []
for i in order:
    if i.startswith("system_admin.") and i != "system_admin.name":
        continue
    if i == "president.phone":
        out.append("電話します")  # refused, asked again
    out.append(str(a.get(i, "")))
print("\n".join(out))
PY
"$MOSHIMO" setup --data "$d2" <"$TMPDIR/stdin.txt" >"$TMPDIR/out" 2>"$TMPDIR/err"
rc=$?
[ $rc -eq 0 ] && ok "setup on the terminal (exit 0)" || { not_ok "setup on the terminal: exit $rc"; tail -5 "$TMPDIR/err"; }
expect_grep "$TMPDIR/out" "example: 株式会社もしも商事" "each question shows its example"
expect_grep "$TMPDIR/err" "phone number" "a bad answer is refused and asked again"
expect_grep "$d2/policy.yaml" "name: 株式会社もしも商事" "the terminal's answers are saved"
"$MOSHIMO" check --data "$d2" 2>"$TMPDIR/err" >/dev/null
expect_no_grep "$TMPDIR/err" "placeholder" "no placeholder after the terminal setup"

finish
