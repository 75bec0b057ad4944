#!/usr/bin/env bash
# Every test: type check, lint, line length and the layering rules, unit and integration tests (vitest),
# then end-to-end tests in Debian's Chromium against the production build. The database is Postgres when DATABASE_URL is set (a fresh
# database per test file and one for the end-to-end run, all dropped afterwards), the embedded PGlite
# otherwise. Prints "N passed, N failed" last.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

ensure_chromium() {
  local chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  [ -x "$chromium" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> Installing Debian's chromium for the end-to-end tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || true
  fi
  if [ ! -x "$chromium" ]; then
    echo "The end-to-end tests need Chromium at $chromium. Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH)." >&2
    return 1
  fi
}

set -e
ensure_dependencies
ensure_chromium
set +e
rm -rf test-results && mkdir -p test-results
status=0

if [ -n "${DATABASE_URL:-}" ]; then echo "==> Database: Postgres at ${DATABASE_URL%%\?*}"; else echo "==> Database: embedded PGlite"; fi

# A whole-tree check: its name, then the command. Each counts as one test in the total.
check() {
  local name=$1
  shift
  echo "==> $name"
  if "$@"; then echo ok > "test-results/$name.status"; else echo fail > "test-results/$name.status"; status=1; fi
}
check typecheck npx tsc --noEmit -p .
check lint npx biome ci --colors=off .
check line-length node scripts/checks/line-length.mjs
check layers node scripts/checks/layers.mjs

echo "==> Unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1

echo "==> End-to-end tests"
if ensure_build; then
  e2e_db=""
  if [ -n "${DATABASE_URL:-}" ]; then
    e2e_db="sy_e2e_$(date +%s)_$$"
    E2E_DATABASE_URL=$(npx tsx scripts/db-admin.ts create "$e2e_db") && export E2E_DATABASE_URL
  else
    E2E_DATA_DIR=$(mktemp -d -t switchyard-e2e.XXXXXX) && export E2E_DATA_DIR
  fi
  npx playwright test || status=1
  if [ -n "$e2e_db" ]; then npx tsx scripts/db-admin.ts drop "$e2e_db"; else rm -rf "${E2E_DATA_DIR:-/nonexistent}"; fi
else
  status=1
fi

node scripts/lib/count-results.mjs --with-e2e || status=1
exit $status
