#!/usr/bin/env bash
# Runs the test projects of a solution in two lanes at once and waits for both; used by scripts/self-test.sh and
# scripts/flaky-check.sh after their Release build.
#   scripts/lib/test-lanes.sh SOLUTION|PROJECT RESULTS_DIR CONSOLE_VERBOSITY [dotnet test args...]
# Why two lanes: most of the project's own tests wait on something (a reference target starting, a browser, a load
# profile's fixed duration), so on a 2-core machine two test projects at once take little more than the longer of the
# two. Each lane is one `dotnet test` of a solution filter (.slnf) with its projects, one project after the other, its
# TRX files in RESULTS_DIR/lane-a or lane-b and its console lines prefixed with the lane's name. A single project (or
# SIRIM_TEST_LANES=1) runs in one lane, as before.
# Which project goes to lane a: SIRIM_TEST_LANE_A, names as in Sirim.Verification.<Name>.Tests (default below, chosen
# so both lanes take about as long); every other test project of the solution goes to lane b.
# Exit code: 0 when both lanes passed, otherwise the first non-zero one.
set -uo pipefail
target=$1 results=$2 verbosity=$3
shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

lane_a_names=${SIRIM_TEST_LANE_A:-"E2E LoadGate Cli Canary Authz Load Pool Core"}

run_lane() { # name, target (.sln/.slnf/.csproj), then dotnet test args
  local name=$1 what=$2
  shift 2
  mkdir -p "$results/lane-$name"
  # A lane's console lines carry its name; sed -u keeps them in the order they come.
  SIRIM_SELF_TEST_RESULTS="$results" dotnet test "$what" -c Release --no-build -m:1 \
    --results-directory "$results/lane-$name" --logger "trx" --logger "console;verbosity=$verbosity" "$@" 2>&1 \
    | sed -u "s/^/[lane $name] /"
  return "${PIPESTATUS[0]}"
}

if [ "${target##*.}" != "sln" ] || [ "${SIRIM_TEST_LANES:-2}" = "1" ]; then
  run_lane a "$target" "$@"
  exit $?
fi

mapfile -t projects < <(dotnet sln "$target" list | grep -E '\.Tests\.csproj$')
if [ "${#projects[@]}" -eq 0 ]; then
  echo "test-lanes: the solution '$target' lists no test project (*.Tests.csproj)" >&2
  exit 2
fi
lane_a=() lane_b=()
for p in "${projects[@]}"; do
  short=$(basename "$p" .Tests.csproj); short=${short#Sirim.Verification.}
  if [[ " $lane_a_names " == *" $short "* ]]; then lane_a+=("$p"); else lane_b+=("$p"); fi
done

filter() { # name, projects...: writes a solution filter of the target with those projects; prints its path
  local name=$1
  shift
  local file="$results/lane-$name.slnf"
  {
    printf '{ "solution": { "path": "%s", "projects": [' "$root/$target"
    local first=1
    for p in "$@"; do
      [ $first -eq 1 ] || printf ','
      printf '\n  "%s"' "$p"; first=0
    done
    printf '\n] } }\n'
  } > "$file"
  echo "$file"
}

mkdir -p "$results"
echo "[test-lanes] lane a: ${lane_a[*]##*/}"
echo "[test-lanes] lane b: ${lane_b[*]##*/}"
codes=()
pids=()
if [ "${#lane_a[@]}" -gt 0 ]; then run_lane a "$(filter a "${lane_a[@]}")" "$@" & pids+=($!); fi
if [ "${#lane_b[@]}" -gt 0 ]; then run_lane b "$(filter b "${lane_b[@]}")" "$@" & pids+=($!); fi
result=0
for pid in "${pids[@]}"; do
  wait "$pid"; code=$?
  [ "$result" -ne 0 ] || result=$code
done
exit "$result"
