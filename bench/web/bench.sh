#!/bin/sh
# The web benchmark (bench/README.md, "moshimo serve"): the shared loadgen
# workload, then wrk against the JSON API with 4 and 32 keep-alive clients
# (create, get, list, search) at 2,000 and at 100,000 incidents, memory,
# start to first answer, and nginx serving a static JSON file as the
# ceiling for GET. Needs wrk and nginx-light (apt-get install wrk
# nginx-light). Results (raw wrk output, JSON) go to $OUT.
#
#   bench/web/bench.sh [OUT]          DURATION=10 (seconds per wrk run)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
OUT=${1:-build/bench-web}
DURATION=${DURATION:-10}
PORT=${PORT:-18090}
NGINX_PORT=$((PORT + 1))
BIN=$top/build/moshimo
LOADGEN=${LOADGEN:-$top/../shared/bench/loadgen.py}
for tool in wrk nginx sqlite3 python3; do
	command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install wrk nginx-light sqlite3)" >&2; exit 2; }
done
make -s all
rm -rf "$OUT" && mkdir -p "$OUT"
DATA=$OUT/data
BASE=http://127.0.0.1:$PORT
pid=""
ngx=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	[ -n "$ngx" ] && kill "$ngx" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

rss() { awk '/^VmRSS/ {print int($2 / 1024 + 0.5)}' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ {print int($2 / 1024 + 0.5)}' "/proc/$1/status"; }
count() { sqlite3 "file:$DATA/moshimo.db?mode=ro" "SELECT count(*) FROM incidents"; }

# wrk NAME CLIENTS LUA [PATH]: one run; prints "req/s p50 p99 non2xx".
run_wrk() {
	name=$1 clients=$2 lua=$3
	MOSHIMO_PATH=${4:-/} wrk -t2 -c"$clients" -d"${DURATION}s" --latency -s "bench/web/$lua" "$BASE" \
		>"$OUT/$name.txt" 2>&1
	awk -v name="$name" '
		/Requests\/sec/ {rps = $2}
		/^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
		/Non-2xx/ {bad = $5}
		END {printf "%s %s %s %s %s\n", name, rps, p50, p99, bad == "" ? 0 : bad}' "$OUT/$name.txt" |
		tee -a "$OUT/wrk.tsv"
}

echo "== start to first answer"
mkdir -p "$DATA"
first=$(python3 bench/web/startup.py "$BIN" "$DATA" "$PORT" | head -1)
kill "$(pgrep -n -f "serve --data $DATA")" 2>/dev/null || true
sleep 0.5
set -- $(python3 bench/web/startup.py "$BIN" "$DATA" "$PORT")
warm=$1 pid=$2
echo "first start (creates the database and the admin): $first ms; later starts: $warm ms" |
	tee "$OUT/startup.txt"
idle=$(rss "$pid")
echo "idle RSS: $idle MiB" | tee -a "$OUT/startup.txt"

export MOSHIMO_TOKEN
MOSHIMO_TOKEN=$("$BIN" token create --role admin --label bench --data "$DATA" 2>/dev/null)

echo "== the shared workload (loadgen.py --system moshimo)"
python3 "$LOADGEN" --system moshimo --base "$BASE" --pid "$pid" --db "$DATA/moshimo.db" \
	--cold-start-ms "$warm" --json "$OUT/loadgen.json" | tee "$OUT/loadgen.md"

: >"$OUT/wrk.tsv"
Q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("ランサムウェア"))')
phase() {
	n=$(count)
	export MOSHIMO_N=$n
	echo "== $1: $n incidents"
	for c in 4 32; do
		run_wrk "$1-get-c$c" $c get.lua
		run_wrk "$1-list-c$c" $c path.lua "/api/v1/incidents?status=open&limit=50"
		run_wrk "$1-search-c$c" $c path.lua "/api/v1/search?q=$Q"
	done
}
phase 2k
run_wrk "2k-create-c4" 4 create.lua
run_wrk "2k-create-c32" 32 create.lua

echo "== filling to 100,000 incidents"
while [ "$(count)" -lt 100000 ]; do
	left=$((100000 - $(count)))
	MOSHIMO_PATH=/ wrk -t2 -c32 -d"$((left / 1500 + 2))s" -s bench/web/create.lua "$BASE" >/dev/null
done
echo "== the shared workload again, at $(count) incidents"
python3 "$LOADGEN" --system moshimo --base "$BASE" --pid "$pid" --db "$DATA/moshimo.db" \
	--json "$OUT/loadgen-100k.json" | tee "$OUT/loadgen-100k.md"
phase 100k
run_wrk "100k-create-c32" 32 create.lua
peak=$(hwm "$pid")
echo "peak RSS (VmHWM): $peak MiB; database: $(du -m "$DATA/moshimo.db" | cut -f1) MiB" | tee -a "$OUT/startup.txt"

echo "== nginx, a static JSON file (the ceiling for GET)"
mkdir -p "$OUT/nginx"
curl -s -H "Authorization: Bearer $MOSHIMO_TOKEN" "$BASE/api/v1/incidents/1" >"$OUT/nginx/incident.json"
cat >"$OUT/nginx/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $top/$OUT/nginx/nginx.pid;
error_log $top/$OUT/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 1000000;
	client_body_temp_path $top/$OUT/nginx;
	proxy_temp_path $top/$OUT/nginx;
	fastcgi_temp_path $top/$OUT/nginx;
	uwsgi_temp_path $top/$OUT/nginx;
	scgi_temp_path $top/$OUT/nginx;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $top/$OUT/nginx;
		location / { default_type application/json; }
	}
}
NGINX
nginx -c "$top/$OUT/nginx/nginx.conf" &
ngx=$!
sleep 0.5
for c in 4 32; do
	MOSHIMO_PATH=/incident.json wrk -t2 -c$c -d"${DURATION}s" --latency -s bench/web/path.lua \
		"http://127.0.0.1:$NGINX_PORT" >"$OUT/nginx-get-c$c.txt"
	awk -v name="nginx-get-c$c" '/Requests\/sec/ {rps = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
		END {printf "%s %s %s %s 0\n", name, rps, p50, p99}' "$OUT/nginx-get-c$c.txt" | tee -a "$OUT/wrk.tsv"
done
echo "== done: $OUT/wrk.tsv, $OUT/loadgen.md, $OUT/startup.txt"
