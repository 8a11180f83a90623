#!/usr/bin/env bash
# Runs the whole verification suite against the embedded reference target: installs what is missing, builds, starts a
# throwaway PostgreSQL cluster and the reference target, runs every gate, writes the reports, stops everything.
# Extra arguments go to 'dotnet test' (e.g. --filter Category=Smoke). Exit code: non-zero when a gate failed.
# SIRIM_REF_PROFILE=alt starts the reference target with its alt deployment conventions (see target/README.md) and
# runs with runsettings/reference-alt.runsettings; --settings FILE (first argument) picks another settings file.
# SIRIM_REF_DEFECT=ID starts the reference target with one seeded defect (target/Sirim.ReferenceTarget/defects.json), to
# see what a bad release looks like: the gate that catches it fails and go_no_go.md says NO-GO.
# --no-build (before --settings) skips the installation and the build and runs the last Release build.
# The run's time bound is runTimeoutSeconds (SIRIM_RUN_TIMEOUT_SECONDS or the runsettings, default 3600): the test host stops the gates
# still running, writes go_no_go.md and exits non-zero; this script adds a hard stop 60 s later for a host that hangs.
# SIGTERM, SIGINT or SIGHUP stops the build or the run (tests, browser, reference target, database) within 10 s and
# exits with 128 + the signal's number; no report is generated then (see scripts/lib/stoppable.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/lib/stoppable.sh
profile=${SIRIM_REF_PROFILE:-standard}
case "$profile" in
  standard) settings=runsettings/reference.runsettings ;;
  alt) settings=runsettings/reference-alt.runsettings ;;
  *) echo "run-suite: SIRIM_REF_PROFILE '$profile' is not a profile of the reference target; use standard or alt" >&2; exit 2 ;;
esac
build=yes
if [[ ${1:-} == --no-build ]]; then
  build=no
  shift
fi
if [[ ${1:-} == --settings ]]; then
  [[ $# -ge 2 && -f $2 ]] || { echo "run-suite: --settings needs an existing runsettings file" >&2; exit 2; }
  settings=$2
  shift 2
fi
if [[ $build == yes ]]; then
  scripts/bootstrap.sh
  echo "[suite] building (Release) …"
  run_stoppable "the build" scripts/lib/build-release.sh Sirim.Verification.sln
fi
# The same precedence as the suite's settings: the environment, then the runsettings file, then the default.
run_timeout=${SIRIM_RUN_TIMEOUT_SECONDS:-$(sed -n 's/.*name="runTimeoutSeconds" value="\([^"]*\)".*/\1/p' "$settings" | head -n 1)}
run_timeout=${run_timeout:-3600}
[[ $run_timeout =~ ^[0-9]+$ ]] || { echo "run-suite: runTimeoutSeconds (SIRIM_RUN_TIMEOUT_SECONDS) '$run_timeout' is not a whole number of seconds; use 10 to 86400" >&2; exit 2; }

export SIRIM_RUN_ID=${SIRIM_RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}
export SIRIM_REPORTS_DIR="$root/reports"
run_dir="reports/reference/$SIRIM_RUN_ID"
mkdir -p "$run_dir"

set +e
# A hard stop behind the test host's own watchdog: SIGTERM to this script (the stop path above) 60 s after the bound.
setsid sh -c 'sleep "$1"; kill -s TERM "$2"' hard-stop $((run_timeout + 60)) $$ >/dev/null 2>&1 &
hard_stop=$!
trap 'kill -- "-$hard_stop" 2>/dev/null || true' EXIT
run_stoppable "the suite run" dotnet tools/Sirim.Verification.Cli/bin/Release/net10.0/sirim-verify.dll reference run --profile "$profile" ${SIRIM_REF_DEFECT:+--defect "$SIRIM_REF_DEFECT"} --https -- \
  dotnet test tests/Sirim.Verification.Gates/Sirim.Verification.Gates.csproj -c Release --no-build \
    --settings "$settings" \
    --logger "console;verbosity=normal" --logger "junit;LogFilePath=$root/$run_dir/junit.xml" "$@"
code=$?
kill -- "-$hard_stop" 2>/dev/null || true
set -e

report_out=$(mktemp)
if run_stoppable "the report" sh -c 'scripts/allure-report.sh "$1" > "$2" 2>&1' report "$run_dir" "$report_out"; then
  report=$(cat "$report_out")
else
  report="(Allure report not generated: $(cat "$report_out"))"
fi
rm -f "$report_out"
echo
echo "Reports of this run:"
echo "  go/no-go summary : $run_dir/go_no_go.md"
echo "  gate evidence    : $run_dir/*.md"
echo "  Allure report    : $report"
echo "  JUnit results    : $run_dir/junit.xml"
exit $code
