#!/usr/bin/env bash
# Runs the test projects of a solution in lanes at once (two by default) and waits for all; used by
# scripts/self-test.sh and scripts/flaky-check.sh after their Release build.
#   scripts/lib/test-lanes.sh SOLUTION|PROJECT RESULTS_DIR CONSOLE_VERBOSITY [dotnet test args...]
# Why lanes: many of the project's own tests wait on something (a reference target starting, a browser, a load
# profile's fixed duration, a canary's probes), so on a 2-core machine two test projects at once take little more
# than the longer of them (a third lane was measured: no faster, the two cores are then busy all the time). Each lane
# is one `dotnet test` of a solution filter (.slnf) with its projects, one project after the other, its TRX files in
# RESULTS_DIR/lane-a, lane-b, … and its console lines prefixed with the lane's name. A single project (or
# SIRIM_TEST_LANES=1) runs in one lane.
# Which project goes where: SIRIM_TEST_LANE_LAYOUT, the lanes separated by '|', each a list of names as in
# Sirim.Verification.<Name>.Tests or Sirim.<Name>.Tests (default below, chosen so the lanes take about as long); a
# project no lane names goes to the last lane.
# Exit code: 0 when every lane passed, otherwise the first non-zero one.
set -uo pipefail
target=$1 results=$2 verbosity=$3
shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

layout=${SIRIM_TEST_LANE_LAYOUT:-"E2E LoadGate Cli Canary Authz Core|Smoke Contracts Security ReferenceTarget SupplyChain Observability PreGates Pool Load"}

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
IFS='|' read -r -a lane_specs <<< "$layout"
names=(a b c d e f g h)
if [ "${#lane_specs[@]}" -gt "${#names[@]}" ]; then
  echo "test-lanes: SIRIM_TEST_LANE_LAYOUT has ${#lane_specs[@]} lanes; at most ${#names[@]}" >&2
  exit 2
fi
declare -A lane_projects=()
last=$(( ${#lane_specs[@]} - 1 ))
for p in "${projects[@]}"; do
  short=$(basename "$p" .Tests.csproj); short=${short#Sirim.Verification.}; short=${short#Sirim.}
  lane=$last
  for i in "${!lane_specs[@]}"; do
    if [[ " ${lane_specs[$i]} " == *" $short "* ]]; then lane=$i; break; fi
  done
  lane_projects[$lane]+="$p"$'\n'
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
pids=()
for i in "${!lane_specs[@]}"; do
  [ -n "${lane_projects[$i]:-}" ] || continue
  mapfile -t members < <(printf '%s' "${lane_projects[$i]}")
  echo "[test-lanes] lane ${names[$i]}: ${members[*]##*/}"
  run_lane "${names[$i]}" "$(filter "${names[$i]}" "${members[@]}")" "$@" & pids+=($!)
done
result=0
for pid in "${pids[@]}"; do
  wait "$pid"; code=$?
  [ "$result" -ne 0 ] || result=$code
done
exit "$result"
