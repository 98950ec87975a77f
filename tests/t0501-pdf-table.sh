#!/bin/sh
# A long table breaks across pages with its header row repeated on each
# page, and a cell taller than a page is split between its lines, nothing
# lost: the built-in policy with 150 more checks (the 平常時の予防・検知
# table), one of them 4000 characters long.
. tests/lib.sh

for tool in pdftotext pdfinfo; do
	command -v $tool >/dev/null || skip "$tool missing (scripts/deps.sh)"
done
export MOSHIMO_TODAY=2026-05-01
d="$TMPDIR/data"
mkdir -p "$d"

long=$(awk 'BEGIN { for (i = 0; i < 400; i++) printf "長い点検の説明%03d。", i }')
awk -v long="$long" '
	{ print }
	/^checks:$/ {
		for (i = 1; i <= 150; i++) {
			printf "  - id: extra_%03d\n    kind: detect\n", i
			printf "    title: 追加の点検行%03dでは、ログとアクセス記録を確認し、異常があれば情報システム管理者に報告する。\n", i
			printf "    owner: sysadmin\n    every: 1M\n"
			if (i == 75)
				printf "    rule: %s\n", long
		}
	}' data/policy.yaml >"$d/policy.yaml"
expect_rc 0 "the long policy checks" -- "$MOSHIMO" check --quiet "$d/policy.yaml"
expect_rc 0 "manual --format pdf of the long policy" -- "$MOSHIMO" manual --data "$d" --format pdf -o "$TMPDIR/long.pdf"

pages=$(pdfinfo "$TMPDIR/long.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
rows=0
spread=0
bad=0
p=1
while [ "$p" -le "${pages:-0}" ]; do
	pdftotext -f "$p" -l "$p" "$TMPDIR/long.pdf" "$TMPDIR/page.txt" 2>/dev/null
	n=$(grep -c "追加の点検行[0-9]" "$TMPDIR/page.txt")
	c=$(grep -c "長い点検の説明[0-9]" "$TMPDIR/page.txt")
	if [ "$n" -gt 0 ] || [ "$c" -gt 0 ]; then
		spread=$((spread + 1))
		rows=$((rows + n))
		# The header row: 区分 点検項目 担当 頻度 規則, on every page of the table.
		if ! grep -q "点検項目" "$TMPDIR/page.txt" || ! grep -q "頻度" "$TMPDIR/page.txt"; then
			bad=$((bad + 1))
			echo "    page $p has rows but no header"
		fi
	fi
	p=$((p + 1))
done
[ "$spread" -ge 4 ] && ok "the table spans $spread pages" || not_ok "the table spans $spread pages"
[ "$bad" -eq 0 ] && ok "the header row is repeated on every page of the table" || not_ok "$bad pages without the header"

# Every row and all of the long cell are there (pdftotext breaks lines).
pdftotext "$TMPDIR/long.pdf" - | tr -d ' \n' >"$TMPDIR/flat"
missing=0
i=1
while [ $i -le 150 ]; do
	n=$(printf '%03d' $i)
	grep -q "追加の点検行${n}では" "$TMPDIR/flat" || missing=$((missing + 1))
	i=$((i + 1))
done
[ "$missing" -eq 0 ] && ok "all 150 rows printed" || not_ok "$missing rows missing"
for n in 000 199 399; do
	expect_grep "$TMPDIR/flat" "長い点検の説明${n}。" "the long cell's part $n"
done
finish
