#!/bin/sh
# Benchmark: this wave's commands that people wait for, each the whole
# command from start to finish, median of RUNS runs (default 5), in ms:
#   - revision save: check the policy, keep a revision, write policy.yaml and
#     make manual.html, manual.pdf, card.html and card.pdf again;
#   - report --mail: read a Japanese ISO-2022-JP message with a 1 MiB
#     attachment, file the incident, keep the evidence, queue the receipt;
#   - filing draft --format pdf: the PPC report's draft of an incident;
#   session 3: drill start and its report as PDF, the continuity board of an
#   earthquake incident, the peacetime checks, and `list` of 1,000 open
#   incidents with each one's next legal filing deadline (BIG=0 skips it).
#   sh bench/bench-wave2.sh [BINARY]     (or: make bench-wave2)
set -eu
bin=${1:-${MOSHIMO:-build/moshimo}}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MOSHIMO_NOW=2026-12-01T09:00:00Z
D=$tmp/data
"$bin" init --data "$D" >/dev/null 2>&1

now_ms() {
	date +%s%N | sed 's/......$//'
}

# bench LABEL CMD...: runs CMD once unmeasured, then RUNS times.
bench() {
	label=$1
	shift
	"$@" >/dev/null 2>&1
	times=""
	i=0
	while [ $i -lt "$runs" ]; do
		s=$(now_ms)
		"$@" >/dev/null 2>&1
		e=$(now_ms)
		times="$times $((e - s))"
		i=$((i + 1))
	done
	median=$(printf '%s\n' $times | sort -n | sed -n "$(((runs + 1) / 2))p")
	echo "$label: median ${median} ms of $runs runs (ms:$times)"
}

python3 - "$tmp/mail.eml" <<'PY'
import sys, os
from email.message import EmailMessage
from email.policy import SMTP
m = EmailMessage(policy=SMTP)
m["From"] = "山田 太郎 <yamada@example.co.jp>"
m["To"] = "incident@example.co.jp"
m["Subject"] = "ノートPCを電車に置き忘れました"
m.set_content("顧客名簿のファイルが入ったノートPCを電車に置き忘れました。\n", charset="iso-2022-jp")
m.add_attachment(os.urandom(1 << 20), maintype="application", subtype="octet-stream",
                 filename="screen.png")
open(sys.argv[1], "wb").write(bytes(m))
PY

save() {
	"$bin" revision save --data "$D" --note bench
}
# A save of unchanged text makes no revision: change one comment each time.
save_changed() {
	echo "# bench $(date +%s%N)" >>"$D/policy.yaml"
	save
}
mail() {
	"$bin" report --mail --data "$D" <"$tmp/mail.eml"
}
echo "bench-wave2: $bin on $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
bench "revision save (check, keep, 4 documents)" save_changed
bench "report --mail (ISO-2022-JP, 1 MiB attachment)" mail
"$bin" set --data "$D" 1 persons 1500 >/dev/null 2>&1 || true
bench "filing draft 1 ppc_prompt --format pdf" "$bin" filing draft --data "$D" 1 ppc_prompt --format pdf -o "$tmp/d.pdf"

# Session 3.
bench "drill start earthquake" "$bin" drill start --data "$D" earthquake
drill=$("$bin" drill start --data "$D" lost_laptop --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
bench "drill report $drill --format pdf" "$bin" drill report --data "$D" "$drill" --format pdf -o "$tmp/r.pdf"
quake=$("$bin" list --data "$D" --drills --json | python3 -c 'import json,sys; print(min(i["id"] for i in json.load(sys.stdin)))')
"$bin" bcp set --data "$D" "$quake" network stopped >/dev/null 2>&1
bench "bcp board $quake --json" "$bin" bcp board --data "$D" "$quake" --json
bench "checks --json" "$bin" checks --data "$D" --json
if [ "${BIG:-1}" != 0 ]; then
	# 1,000 open incidents of several kinds (some with personal data, so
	# filings are owed), filed in one process by a small script.
	python3 - "$bin" "$D" <<'PY'
import json, subprocess, sys
bin, data = sys.argv[1], sys.argv[2]
kinds = [{"title": "ノートPCの紛失", "category": "leak", "facts": {"persons": 1500}},
         {"title": "不審なメール", "category": "malware"},
         {"title": "誤送信", "category": "leak", "facts": {"persons": 3, "sensitive": True}}]
for i in range(1000):
    r = dict(kinds[i % 3]); r["title"] += f" {i}"
    subprocess.run([bin, "report", "--data", data], input=json.dumps(r).encode(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
PY
	bench "list --limit 1000 (1,000 open, filing deadlines)" "$bin" list --data "$D" --limit 1000
fi
