#!/usr/bin/env bash
# Runs the project's own tests: unit tests of every library and the tests that run each gate against the reference
# target, clean and with each seeded defect. Ends with the line 'N passed, N failed'.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The build needs none of what bootstrap installs (Chromium, PostgreSQL, the npm tools are for the tests): both run at
# once, the build on the CPU, the installs mostly waiting on the network and the disk.
started=$SECONDS
scripts/bootstrap.sh --self-test &
bootstrap=$!
echo "[self-test] building (Release) …"
# The suite itself (tests/Sirim.Verification.Gates), which the self-tests run as a child process, is not in the
# self-tests' solution (its tests need a target): it is built in Release through a reference of TestSupport.
scripts/lib/build-release.sh Sirim.Verification.SelfTests.sln
built=$?
wait "$bootstrap"
installed=$?
[ "$installed" -eq 0 ] || exit "$installed"
[ "$built" -eq 0 ] || { echo "0 passed, 1 failed"; exit 1; }
echo "[self-test] built and installed in $((SECONDS - started)) s"
tests_started=$SECONDS

results="$root/reports/self-test/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$results"
# The test projects run in two lanes at once (scripts/lib/test-lanes.sh says why and how they are split); a signal to
# this script stops both lanes and what they started.
. scripts/lib/stoppable.sh
run_stoppable "the tests" scripts/lib/test-lanes.sh Sirim.Verification.SelfTests.sln "$results" normal "$@"
code=$?
echo "[self-test] tests ran in $((SECONDS - tests_started)) s; $((SECONDS - started)) s in all"

passed=0; failed=0; skipped=0
for trx in $(find "$results"/lane-* -maxdepth 1 -name "*.trx" | sort); do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters"); t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a crash or build problem is a failure too
if [ "$failed" -gt 0 ]; then
  # The console log above is long; repeat each failure (name and first lines of its message) where it is seen.
  echo "[self-test] failed tests:"
  for trx in $(find "$results"/lane-* -maxdepth 1 -name "*.trx" | sort); do
    [ -f "$trx" ] || continue
    awk '
      function unescape(s) { gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&#xD;/, "", s); gsub(/&#xA;/, "\n", s); gsub(/&amp;/, "\\&", s); return s }
      /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = unescape(substr($0, RSTART + 10, RLENGTH - 11)); printf "  FAILED %s\n", name; want = 1; shown = 0; next }
      want && /<Message>/ { sub(/.*<Message>/, ""); inmsg = 1 }
      inmsg { done = sub(/<\/Message>.*/, ""); if (shown < 8) { line = unescape($0); printf "    %s\n", (length(line) > 240 ? substr(line, 1, 240) " …" : line) } shown++; if (done) { inmsg = 0; want = 0 } }
    ' "$trx"
  done
  if [ -f "$results/target-problems.log" ]; then
    echo "[self-test] what the reference target logged around those failures (from $results/target-problems.log):"
    head -n 60 "$results/target-problems.log" | cut -c1-240
  fi
fi
# The reports of the suite runs the tests started: kept for inspection when something failed.
if [ "$failed" -eq 0 ]; then rm -rf "$results/suite-runs"; elif [ -d "$results/suite-runs" ]; then
  echo "[self-test] reports of the suite runs the tests started: $results/suite-runs"
fi
echo "[self-test] $skipped skipped; results in $results"
echo "$passed passed, $failed failed"
exit $code
