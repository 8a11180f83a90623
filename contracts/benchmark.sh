#!/usr/bin/env bash
# Benchmark of the contracts gate against the reference target (budget: the whole gate under 20 s on a 2-core machine).
# Builds (Release), starts the reference deployment, runs only Category=Contracts and prints the wall time of the
# 'dotnet test' run plus the gate's own duration from contracts_validation.md. Not a test: timing is reported, not asserted.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dotnet build tests/Sirim.Verification.Gates/Sirim.Verification.Gates.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/Sirim.Verification.Cli/Sirim.Verification.Cli.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build target/Sirim.ReferenceTarget/Sirim.ReferenceTarget.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
export SIRIM_RUN_ID="bench-$(date -u +%Y%m%dT%H%M%SZ)"
export SIRIM_REPORTS_DIR="$root/reports"
start=$(date +%s.%N)
set +e
dotnet tools/Sirim.Verification.Cli/bin/Release/net10.0/sirim-verify.dll reference run -- \
  dotnet test tests/Sirim.Verification.Gates/Sirim.Verification.Gates.csproj -c Release --no-build \
    --settings runsettings/reference.runsettings --filter Category=Contracts >/dev/null
code=$?
set -e
end=$(date +%s.%N)
evidence="reports/reference/$SIRIM_RUN_ID/contracts_validation.md"
gate=$(grep -m1 '^| duration |' "$evidence" 2>/dev/null | cut -d'|' -f3 | xargs || echo "n/a")
printf 'contracts gate benchmark: wall %.1f s (reference deployment start + dotnet test), gate run %s, exit %s; budget 20 s\n' \
  "$(echo "$end - $start" | bc)" "$gate" "$code"
