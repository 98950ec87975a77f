#!/bin/sh
# Runs each fuzzer for SECONDS on a copy of its seed corpus:
#   sh tests/fuzz/run.sh SECONDS NAME:MAXLEN...
# The policy loader's corpus also gets the built-in policy. A crash input
# stays in build-fuzz/NAME-crash-… (make it a fixture in corpus-NAME/).
# Ends with `N passed, N failed` and writes build-fuzz/test-counts.
set -u
seconds=$1
shift
passed=0
failed=0
for spec in "$@"; do
	name=${spec%%:*}
	maxlen=${spec#*:}
	corpus=build-fuzz/corpus-$name
	rm -rf "$corpus" && mkdir -p "$corpus"
	cp tests/fuzz/corpus-"$name"/* "$corpus"/
	[ "$name" = policy ] && cp data/policy.yaml "$corpus"/
	echo "fuzz: $name for ${seconds}s"
	if build-fuzz/fuzz-"$name" -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build-fuzz/"$name"- \
		"$corpus" 2>build-fuzz/fuzz-"$name".log; then
		passed=$((passed + 1))
		grep -E 'stat::number_of_executed_units' build-fuzz/fuzz-"$name".log |
			sed "s/^/fuzz: $name: /"
	else
		failed=$((failed + 1))
		tail -50 build-fuzz/fuzz-"$name".log
		echo "fuzz: $name FAILED (crash input in build-fuzz/)"
	fi
done
echo "$passed $failed" >build-fuzz/test-counts
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
