#!/usr/bin/env bash
# Runs `bun test` and ends with one plain "N passed, N failed, N skipped" line for the whole suite
# (bun prints its counts only as " N pass" / " N fail"); exits with bun's own exit code.
set -uo pipefail
cd "$(dirname "$0")/.."
# What the tests need from the system: installed when root, else one apt-get line and a failure.
bash scripts/test-prereqs.sh || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Scenario tests start real servers, brokers and compiled binaries: give each test room on a 2-core machine.
node_modules/.bin/bun test --timeout 30000 "$@" 2> >(tee "$log" >&2)
code=$?
wait
count() { grep -E "^ *[0-9]+ $1\$" "$log" | tail -n 1 | tr -dc '0-9'; }
passed=$(count pass); failed=$(count fail); skipped=$(count skip)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
# A non-zero exit with no failing test (a file that failed to load, "no tests found") still counts as a failure.
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$code"
