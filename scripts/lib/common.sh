# Shared by scripts/demo.sh, scripts/test.sh and .ci/run: dependencies and the production build.
export NEXT_TELEMETRY_DISABLED=1

require_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "Switchyard needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
    exit 1
  fi
}

# npm ci when node_modules is missing or older than the lock file.
ensure_dependencies() {
  require_node
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> Installing dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

# next build when there is no build or a source file changed since the last one.
ensure_build() {
  local sources="app components lib db services server proxy.ts instrumentation.ts next.config.js package-lock.json postcss.config.mjs"
  # shellcheck disable=SC2086
  if [ -f .next/BUILD_ID ] && [ -z "$(find $sources -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
    return
  fi
  echo "==> Building the app (next build)"
  npx next build
}
