#!/usr/bin/env bash
# Runs the project's own tests N times in a row, as scripts/self-test.sh does (Release build once, the test projects in
# two lanes, TRX results), and prints, per test that failed at least once, in how many of the N runs it failed; then one
# summary line. Usage: scripts/flaky-check.sh N [PROJECT|SOLUTION] [dotnet test args...]
#   scripts/flaky-check.sh 10                                   every self-test, ten times
#   scripts/flaky-check.sh 5 selftests/Sirim.Verification.Core.Tests --filter Name~Threshold
# Exit code: 0 when no test failed in any run, 1 otherwise, 2 for bad arguments; 128 + signal when stopped.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/lib/stoppable.sh

runs=${1:-}
if ! [[ "$runs" =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ] || [ "$runs" -gt 1000 ]; then
  echo "flaky-check: the number of runs '${runs}' is not valid; it is a whole number from 1 to 1000 (usage: scripts/flaky-check.sh N [PROJECT|SOLUTION] [dotnet test args...])" >&2
  exit 2
fi
shift
target=Sirim.Verification.SelfTests.sln
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  target=$1; shift
  if [ ! -e "$target" ]; then
    echo "flaky-check: the project '$target' does not exist; give a test project folder, a .csproj or a .sln of this repository" >&2
    exit 2
  fi
fi

scripts/bootstrap.sh --self-test || exit $?
echo "[flaky-check] building $target (Release) once …"
run_stoppable "the build" scripts/lib/build-release.sh "$target" || { echo "[flaky-check] the build failed; nothing was run"; exit 1; }

results="$root/reports/flaky-check/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
broken_runs=0
for i in $(seq 1 "$runs"); do
  echo "[flaky-check] run $i of $runs …"
  dir="$results/run-$i"
  mkdir -p "$dir"
  started=$SECONDS
  run_stoppable "test run $i" scripts/lib/test-lanes.sh "$target" "$dir" minimal "$@" > "$dir/console.log" 2>&1
  code=$?
  failed_here=$(find "$dir"/lane-* -maxdepth 1 -name "*.trx" -exec cat {} + 2>/dev/null | grep -c '<UnitTestResult [^>]*outcome="Failed"')
  passed_here=$(find "$dir"/lane-* -maxdepth 1 -name "*.trx" -exec cat {} + 2>/dev/null | grep -c '<UnitTestResult [^>]*outcome="Passed"')
  echo "[flaky-check] run $i: $passed_here passed, $failed_here failed in $((SECONDS - started)) s (exit code $code)"
  if [ "$code" -ne 0 ] && [ "$failed_here" -eq 0 ]; then
    broken_runs=$((broken_runs + 1))   # a crash or an aborted run: no test result says why
    echo "[flaky-check] run $i ended with exit code $code and no failed test (crash or abort): see $dir/console.log"
  fi
done

# One line per failed result: "<run>\t<test name>"; a test counts once per run even when it has several results.
for i in $(seq 1 "$runs"); do
  for trx in $(find "$results/run-$i"/lane-* -maxdepth 1 -name "*.trx" | sort); do
    [ -f "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*>' "$trx" | grep 'outcome="Failed"' | sed -n 's/.* testName="\([^"]*\)".*/\1/p' \
      | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' | sed "s/^/$i\t/"
  done
done | sort -u > "$results/failures.tsv"

flaky=0; always=0
if [ -s "$results/failures.tsv" ]; then
  echo "[flaky-check] tests that failed at least once (failed runs / runs):"
  while IFS=$'\t' read -r count name; do
    if [ "$count" -eq "$runs" ]; then always=$((always + 1)); else flaky=$((flaky + 1)); fi
    printf '  %s/%s  %s\n' "$count" "$runs" "$name"
  done < <(cut -f2- "$results/failures.tsv" | sort | uniq -c | sort -k1,1nr -k2 | sed -E 's/^ *([0-9]+) /\1\t/')
fi
echo "[flaky-check] results in $results"
echo "flaky-check: $runs run(s); $((flaky + always)) test(s) failed at least once ($flaky in some runs, $always in every run); $broken_runs run(s) crashed or aborted"
[ $((flaky + always + broken_runs)) -eq 0 ]
