#!/usr/bin/env bash
# Installs what the suite needs on a bare Debian 12 machine (Chromium, PostgreSQL server binaries, promtool, Java and
# the pinned npm tool for the Allure report). With --self-test: what the project's own tests need instead (the same
# without Java and the report tool, which no self-test runs; plus the pinned OpenAPI mock server and the GitHub
# workflow validator). A quick no-op when everything is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
self_test=false; [ "${1:-}" = "--self-test" ] && self_test=true

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
id postgres >/dev/null 2>&1 || missing+=(postgresql)
$self_test || command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# promtool validates the release's alert rules (observability gate); Debian ships it in the prometheus package.
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "bootstrap: missing ${missing[*]}: run as root, or install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "[bootstrap] installing ${missing[*]} (apt) …"
  apt-get update -qq
  # Only promtool is wanted from the prometheus package: no service may be started by the install (a policy-rc.d that
  # refuses every start, removed afterwards; containers usually have one already).
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=/usr/sbin/policy-rc.d
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
  if [ -n "$guard" ]; then rm -f "$guard"; fi
fi

# npm_tool FOLDER BINARY DESCRIPTION: installs the tool pinned in tools/FOLDER from its lockfile unless it is there.
npm_tool() {
  [ -x "$root/tools/$1/node_modules/.bin/$2" ] && return 0
  echo "[bootstrap] installing $3 (npm ci) …"
  (cd "$root/tools/$1" && npm ci --no-audit --no-fund --loglevel=error)
}

# The npm installs are independent of each other: they run at once (each folder has its own node_modules).
pids=()
$self_test || { npm_tool report allure "the pinned Allure report tool" & pids+=($!); }
# Tools only the project's own tests need (scripts/self-test.sh passes --self-test).
if $self_test; then
  npm_tool mock prism "the pinned OpenAPI mock server, Prism" & pids+=($!)
  npm_tool ci action-validator "the pinned workflow validator" & pids+=($!)
fi
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
exit "$status"
