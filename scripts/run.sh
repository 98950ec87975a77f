#!/bin/sh
# `make run`: creates ./moshimo-data with the built-in manual when absent,
# checks it, writes the manual (HTML and PDF) and the emergency card there,
# then starts the web app
# (moshimo serve) on $MOSHIMO_LISTEN (default 127.0.0.1:8080), with
# $MOSHIMO_PUBLIC_URL as --public-url when set. The first start prints the
# URL, a one-time admin password and the report link; listening beyond
# loopback, it prints the LAN address to open.
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
# Beyond loopback, the address to open from a phone or another PC is the
# machine's own, not 0.0.0.0 (the printed links use --public-url when set).
lhost=${listen%:*}
lport=${listen##*:}
case $lhost in
127.* | localhost | "[::1]") ;;
*)
	if [ "$lhost" = 0.0.0.0 ] || [ "$lhost" = "[::]" ] || [ -z "$lhost" ]; then
		lan=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -n 1)
	else
		lan=$lhost
	fi
	if [ -n "$lan" ]; then
		echo "LAN から開く URL / open from the LAN: http://$lan:$lport/"
		echo "  （報告リンクと QR は 管理 → 報告リンク。公開 URL は MOSHIMO_PUBLIC_URL で指定 / set the public URL with MOSHIMO_PUBLIC_URL）"
	fi
	;;
esac
echo "管理者のパスワードを忘れたら / forgot the admin password: $bin user passwd admin --data $data"
echo
if [ -n "${MOSHIMO_PUBLIC_URL:-}" ]; then
	exec "$bin" serve --data "$data" --listen "$listen" --public-url "$MOSHIMO_PUBLIC_URL"
fi
exec "$bin" serve --data "$data" --listen "$listen"
