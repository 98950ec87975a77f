#!/bin/sh
# Adds up the counts the test runs of `make test` left in each build folder
# (normal, sanitizers, fuzz) and prints the closing `N passed, N failed`.
passed=0
failed=0
for dir in "$@"; do
	if [ ! -f "$dir/test-counts" ]; then
		echo "total: no results from $dir"
		failed=$((failed + 1))
		continue
	fi
	read -r p f <"$dir/test-counts"
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
