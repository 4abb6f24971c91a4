#!/usr/bin/env bash
# The whole test suite, as the README and CI run it: installs what is missing,
# builds (if stale), runs unit + integration tests (vitest) and browser tests (Playwright),
# and ends with one summary line of passed/failed tests.
set -uo pipefail
cd "$(dirname "$0")/.."
# setup.sh also builds when any source changed since the last build.
bash scripts/setup.sh test || { echo "tests: 0 passed, 1 failed (setup or build failed)"; exit 1; }

mkdir -p test-results
rm -f test-results/vitest.json test-results/e2e.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=1
npx playwright test || status=1
node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json || status=1
exit $status
