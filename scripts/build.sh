#!/usr/bin/env bash
# Compiles the agent (tsc → dist/) and the browser apps (vite → dist/renderer, dist/portal).
#   --if-stale   skip when nothing under the source folders changed since the last build
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=dist/.build-stamp
sources=(agent core hardware audio sync hotspot store tools renderer deploy package.json tsconfig.json tsconfig.build.json vite.config.ts vite.portal.config.ts vite.pages.ts)
existing=()
for s in "${sources[@]}"; do [ -e "$s" ] && existing+=("$s"); done

if [ "${1:-}" = "--if-stale" ] && [ -f "$stamp" ] && [ -z "$(find "${existing[@]}" -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
echo "build: compiling"
rm -rf dist
npx tsc -p tsconfig.build.json
chmod +x dist/agent/main.js
npx vite build --logLevel warn
npx vite build -c vite.portal.config.ts --logLevel warn
touch "$stamp"
