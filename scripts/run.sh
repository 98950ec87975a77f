#!/bin/sh
# `make run`: creates ./moshimo-data with the built-in manual when absent,
# checks it, writes the manual (HTML and PDF) and the emergency card there,
# then starts the web app
# (moshimo serve) on $MOSHIMO_LISTEN (default 127.0.0.1:8080). The first
# start prints the URL, a one-time admin password and the report link.
set -eu
bin=${1:-build/moshimo}
data=${MOSHIMO_DATA:-./moshimo-data}
if [ ! -f "$data/policy.yaml" ]; then
	"$bin" init "$data"
fi
"$bin" check --quiet --data "$data" || {
	echo "moshimo: fix the policy first: $bin check --data $data" >&2
	exit 1
}
"$bin" manual --data "$data" --format html -o "$data/manual.html"
"$bin" manual --data "$data" --format pdf -o "$data/manual.pdf"
"$bin" manual --data "$data" --card --format html -o "$data/card.html"
"$bin" manual --data "$data" --card --format pdf -o "$data/card.pdf"
echo
echo "マニュアル / manual:        $(cd "$data" && pwd)/manual.html, manual.pdf"
echo "緊急連絡カード / card:      $(cd "$data" && pwd)/card.pdf (カード・ポスター / cards and poster), card.html"
echo "ポリシー / policy:          $(cd "$data" && pwd)/policy.yaml  (edit, then: $bin check --data $data)"
listen=${MOSHIMO_LISTEN:-127.0.0.1:8080}
echo
echo "Web: moshimo serve --listen $listen  (Ctrl+C で停止 / to stop)"
echo "管理者のパスワードを忘れたら / forgot the admin password: $bin user passwd admin --data $data"
echo
exec "$bin" serve --data "$data" --listen "$listen"
