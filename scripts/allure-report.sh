#!/usr/bin/env bash
# Generates the single-file Allure HTML report of a run folder: <run>/allure-report/index.html (opens from disk).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run_dir=${1:?usage: scripts/allure-report.sh reports/<environment>/<run-id>}
[ -d "$run_dir/allure-results" ] || { echo "allure-report: no $run_dir/allure-results" >&2; exit 2; }
ALLURE_NO_ANALYTICS=true "$root/tools/report/node_modules/.bin/allure" generate --single-file \
  "$run_dir/allure-results" -o "$run_dir/allure-report" --clean >/dev/null
echo "$run_dir/allure-report/index.html"
