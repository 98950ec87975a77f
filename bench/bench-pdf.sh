#!/bin/sh
# Benchmark: the built-in manual and the emergency card rendered to PDF,
# the whole command from start to the file written (loading the policy,
# checking the fonts, two layout passes, font subsetting, the atomic
# write). Prints the median of RUNS runs (default 5) of each, in ms.
#   sh bench/bench-pdf.sh [BINARY]       (or: make bench-pdf)
set -eu
bin=${1:-${MOSHIMO:-build/moshimo}}
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MOSHIMO_TODAY=2026-05-01

now_ms() {
	date +%s%N | sed 's/......$//'
}

bench() {
	label=$1
	shift
	times=""
	i=0
	# One run first, not counted: the page cache holds the fonts after it.
	"$bin" manual --data "$tmp/none" "$@" -o "$tmp/out.pdf" 2>/dev/null
	while [ $i -lt "$runs" ]; do
		s=$(now_ms)
		"$bin" manual --data "$tmp/none" "$@" -o "$tmp/out.pdf" 2>/dev/null
		e=$(now_ms)
		times="$times $((e - s))"
		i=$((i + 1))
	done
	median=$(printf '%s\n' $times | sort -n | sed -n "$(((runs + 1) / 2))p")
	pages=$(pdfinfo "$tmp/out.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	size=$(($(wc -c <"$tmp/out.pdf") / 1024))
	echo "$label: median ${median} ms of $runs runs (ms:$times); $pages pages, $size KiB"
}

echo "bench-pdf: $bin on $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
bench "manual --format pdf" --format pdf
bench "manual --card --format pdf" --card --format pdf
