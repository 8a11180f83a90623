#!/usr/bin/env bash
# Rewrites the settings table of README.md from the code (sirim-verify settings --markdown). Run after adding a setting.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/lib/build-release.sh tools/Sirim.Verification.Cli
table=$(dotnet tools/Sirim.Verification.Cli/bin/Release/net10.0/sirim-verify.dll settings --markdown)
awk -v table="$table" '
  /<!-- settings:begin -->/ { print; print table; skip = 1; next }
  /<!-- settings:end -->/   { skip = 0 }
  !skip { print }' README.md > README.md.tmp && mv README.md.tmp README.md
