#!/bin/sh
# Adds up the counts the test runs of `make test` left in each build folder
# (normal, sanitizers, fuzz, threads) and prints the closing
# `N passed, N failed, N skipped`.
passed=0
failed=0
skipped=0
for dir in "$@"; do
	if [ ! -f "$dir/test-counts" ]; then
		echo "total: no results from $dir"
		failed=$((failed + 1))
		continue
	fi
	read -r p f s <"$dir/test-counts"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + ${s:-0}))
done
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
