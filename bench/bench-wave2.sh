#!/bin/sh
# Benchmark: this wave's commands that people wait for, each the whole
# command from start to finish, median of RUNS runs (default 5), in ms:
#   - revision save: check the policy, keep a revision, write policy.yaml and
#     make manual.html, manual.pdf, card.html and card.pdf again;
#   - report --mail: read a Japanese ISO-2022-JP message with a 1 MiB
#     attachment, file the incident, keep the evidence, queue the receipt;
#   - filing draft --format pdf: the PPC report's draft of an incident.
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
