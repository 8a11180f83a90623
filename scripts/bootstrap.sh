#!/usr/bin/env bash
# Installs what the suite and its own tests need on a bare Debian 12 machine (Chromium, PostgreSQL server binaries,
# Java for the Allure report, the pinned npm report tool; with --self-test also the pinned OpenAPI mock server the
# self-tests use). A quick no-op when everything is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
id postgres >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "bootstrap: missing ${missing[*]}: run as root, or install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
  echo "[bootstrap] installing ${missing[*]} (apt) …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

if [ ! -x "$root/tools/report/node_modules/.bin/allure" ]; then
  echo "[bootstrap] installing the pinned Allure report tool (npm ci) …"
  (cd "$root/tools/report" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Tools only the project's own tests need (scripts/self-test.sh passes --self-test): the OpenAPI mock server (Prism)
# and the GitHub workflow validator.
if [ "${1:-}" = "--self-test" ] && [ ! -x "$root/tools/mock/node_modules/.bin/prism" ]; then
  echo "[bootstrap] installing the pinned OpenAPI mock server, Prism (npm ci) …"
  (cd "$root/tools/mock" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ "${1:-}" = "--self-test" ] && [ ! -x "$root/tools/ci/node_modules/.bin/action-validator" ]; then
  echo "[bootstrap] installing the pinned workflow validator (npm ci) …"
  (cd "$root/tools/ci" && npm ci --no-audit --no-fund --loglevel=error)
fi
