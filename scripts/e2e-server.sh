#!/usr/bin/env bash
# The server Playwright tests run against: the production build, a database holding demo traffic and
# no user (so the first-run setup is part of the tests). scripts/test.sh passes E2E_DATABASE_URL (a
# fresh Postgres database) or E2E_DATA_DIR (a fresh embedded folder); run alone it makes a temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

PORT=${E2E_PORT:-3210}
export NEXTAUTH_URL="http://localhost:$PORT"
unset ADMIN_EMAIL ADMIN_PASSWORD
# The channels spec's webhook receiver listens on 127.0.0.1.
export SWITCHYARD_ALLOW_PRIVATE_WEBHOOKS=true
if [ -n "${E2E_DATABASE_URL:-}" ]; then
  export DATABASE_URL="$E2E_DATABASE_URL"
else
  unset DATABASE_URL
  export SWITCHYARD_DATA_DIR="${E2E_DATA_DIR:-$(mktemp -d -t switchyard-e2e.XXXXXX)}"
fi
npx tsx --conditions react-server scripts/seed-demo.ts --no-admin
exec node scripts/serve.mjs -p "$PORT"
