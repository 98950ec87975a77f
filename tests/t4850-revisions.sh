# Revisions (src/revise/): init keeps revision 1 with the generated manual
# and cards; a broken edit through `revision save` changes nothing and
# names the line; a good one becomes revision 2 and the documents follow;
# diff and restore (as a new revision); files 0600, the folder 0700.
. tests/lib.sh

D="$TMPDIR/data"
export MOSHIMO_USER=tester
expect_rc 0 "init" -- "$MOSHIMO" init "$D"
for f in policy.yaml manual.html manual.pdf card.html card.pdf revisions/000001.yaml revisions/000001.json; do
	if [ -f "$D/$f" ] && [ "$(stat -c %a "$D/$f")" = 600 ]; then
		ok "init wrote $f (0600)"
	else
		not_ok "init did not write $f as 0600"
	fi
done
[ "$(stat -c %a "$D/revisions")" = 700 ] && ok "revisions/ is 0700" || not_ok "revisions/ is not 0700"
cmp -s "$D/policy.yaml" "$D/revisions/000001.yaml" && ok "revision 1 is the policy" || not_ok "revision 1 differs from the policy"
expect_rc 0 "revision list --json" -- "$MOSHIMO" revision list --json --data "$D"
python3 - "$TMPDIR/out" "$D/policy.yaml" <<'PY' && ok "the list names revision 1 with who, when, note and the SHA-256" || not_ok "revision list --json"
import json, sys, hashlib
v = json.load(open(sys.argv[1]))
sha = hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert len(v) == 1 and v[0]["number"] == 1 and v[0]["who"] == "tester", v
assert v[0]["sha256"] == sha and v[0]["at"].endswith("Z") and "init" in v[0]["note"], v
PY

# A broken edit: the missing space after a colon on the line of the first person's name.
cp "$D/policy.yaml" "$TMPDIR/edit.yaml"
line=$(grep -n '^    name: 〇〇 〇〇' "$TMPDIR/edit.yaml" | head -1 | cut -d: -f1)
sed -i "${line}s/name: /name:/" "$TMPDIR/edit.yaml"
before=$(sha256sum <"$D/policy.yaml")
pdf_before=$(sha256sum <"$D/manual.pdf")
expect_rc 1 "revision save refuses the broken edit" -- env LANG=ja_JP.UTF-8 LC_ALL= "$MOSHIMO" revision save "$TMPDIR/edit.yaml" --data "$D"
expect_grep "$TMPDIR/err" "edit.yaml:$line:10: エラー: 「name:」のコロン（:）の後に半角スペースがありません" "the finding is at the line of the mistake, in Japanese"
expect_grep "$TMPDIR/err" "何も変えていません" "and says nothing changed"
[ "$before" = "$(sha256sum <"$D/policy.yaml")" ] && ok "policy.yaml is unchanged" || not_ok "policy.yaml changed"
[ "$pdf_before" = "$(sha256sum <"$D/manual.pdf")" ] && ok "manual.pdf is unchanged" || not_ok "manual.pdf changed"
[ ! -e "$D/revisions/000002.json" ] && ok "no revision was kept" || not_ok "a broken revision was kept"

# A good edit: the company's name.
sed -i "${line}s/name:/name: /" "$TMPDIR/edit.yaml"
sed -i 's/^  name: 株式会社〇〇/  name: 株式会社もしも商事/' "$TMPDIR/edit.yaml"
expect_rc 0 "revision save takes the good edit" -- "$MOSHIMO" revision save "$TMPDIR/edit.yaml" --note "社名を記入" --data "$D"
expect_grep "$TMPDIR/out" "revision 2" "as revision 2"
cmp -s "$D/policy.yaml" "$TMPDIR/edit.yaml" && ok "policy.yaml is the edit" || not_ok "policy.yaml is not the edit"
expect_grep "$D/manual.html" "株式会社もしも商事" "manual.html was made again with the new name"
expect_grep "$D/card.html" "株式会社もしも商事" "card.html too"
[ "$pdf_before" != "$(sha256sum <"$D/manual.pdf")" ] && ok "manual.pdf was made again" || not_ok "manual.pdf is stale"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext "$D/manual.pdf" "$TMPDIR/manual.txt"
	expect_grep "$TMPDIR/manual.txt" "株式会社もしも商事" "the PDF manual has the new name"
	expect_grep "$TMPDIR/manual.txt" "改訂履歴" "and a revision history"
	expect_grep "$TMPDIR/manual.txt" "社名を記入" "listing the note of revision 2"
fi
expect_grep "$D/manual.html" "改訂番号" "the cover shows the revision number"

expect_rc 0 "revision diff 1 2" -- "$MOSHIMO" revision diff 1 2 --data "$D"
expect_grep "$TMPDIR/out" "-  name: 株式会社〇〇" "the diff shows the line removed"
expect_grep "$TMPDIR/out" "+  name: 株式会社もしも商事" "and the line added"
n=$(grep -c '^[-+] ' "$TMPDIR/out")
[ "$n" -eq 2 ] && ok "and only those two lines" || not_ok "the diff has $n changed lines, want 2"
expect_rc 1 "revision diff of a missing revision" -- "$MOSHIMO" revision diff 1 9 --data "$D"
expect_grep "$TMPDIR/err" "no revision 9" "says which revision is missing"
expect_rc 2 "revision diff with a bad number" -- "$MOSHIMO" revision diff 1 x --data "$D"

# The same text again makes no new revision.
expect_rc 0 "saving the same text again" -- "$MOSHIMO" revision save --data "$D"
[ ! -e "$D/revisions/000003.json" ] && ok "keeps no duplicate revision" || not_ok "a duplicate revision was kept"

expect_rc 0 "revision restore 1" -- "$MOSHIMO" revision restore 1 --data "$D"
expect_grep "$TMPDIR/out" "revision 3" "restoring makes revision 3"
cmp -s "$D/policy.yaml" "$D/revisions/000001.yaml" && ok "the policy is revision 1's text again" || not_ok "restore did not bring revision 1 back"
expect_grep "$D/revisions/000003.json" "第1版に戻す" "noted as a restore"
expect_no_grep "$D/manual.html" "株式会社もしも商事" "the manual follows the restore"
expect_rc 0 "revision list" -- "$MOSHIMO" revision list --data "$D"
[ "$(wc -l <"$TMPDIR/out")" -eq 3 ] && ok "three revisions listed" || not_ok "want three revisions listed"

# An in-place edit that breaks policy.yaml: save refuses and names the line.
printf 'version: 1\norganization:\n  name: "株式会社\n' >"$D/policy.yaml"
expect_rc 1 "revision save of a broken policy.yaml" -- "$MOSHIMO" revision save --data "$D"
expect_grep "$TMPDIR/err" "policy.yaml:3:9: error: the quote \" opened here is not closed" "names the unclosed quote's line"
[ ! -e "$D/revisions/000004.json" ] && ok "no revision of the broken file" || not_ok "kept a broken revision"
expect_rc 0 "revision restore 3 repairs it" -- "$MOSHIMO" revision restore 3 --data "$D"
cmp -s "$D/policy.yaml" "$D/revisions/000001.yaml" && ok "the policy is whole again" || not_ok "the policy was not repaired"
finish
