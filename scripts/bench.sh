#!/usr/bin/env bash
# npm run bench -- NAME   runs test/bench/NAME.ts and writes bench-results/NAME.json
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run bench -- NAME (one of: $(ls test/bench/*.ts | xargs -n1 basename | sed 's/\.ts$//' | tr '\n' ' '))}"
[ -f "test/bench/$name.ts" ] || { echo "bench: no test/bench/$name.ts" >&2; exit 2; }
bash scripts/setup.sh runtime
mkdir -p bench-results
npx tsx "test/bench/$name.ts"
