#!/usr/bin/env bash
# Quick start: install, build, migrate the database (embedded unless DATABASE_URL is set), load demo
# data if it is empty, and serve on http://localhost:${PORT:-3000}.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

PORT=${PORT:-3000}
export NEXTAUTH_URL=${NEXTAUTH_URL:-http://localhost:$PORT}

ensure_dependencies
ensure_build
echo "==> Preparing the database"
npx tsx --conditions react-server scripts/seed-demo.ts
echo "==> Switchyard is starting on http://localhost:$PORT (Ctrl-C stops it)"
exec node scripts/serve.mjs -p "$PORT"
