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
checks_failed=0
# Types and lint first: cheap, and a red CI should say why at the top.
npm run --silent typecheck || checks_failed=$((checks_failed + 1))
npm run --silent lint || checks_failed=$((checks_failed + 1))
vitest_status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || vitest_status=$?
playwright_status=0
npx playwright test || playwright_status=$?
[ "$vitest_status" -eq 0 ] && [ "$playwright_status" -eq 0 ] || status=1
CHECKS_FAILED=$checks_failed VITEST_STATUS=$vitest_status PLAYWRIGHT_STATUS=$playwright_status \
  node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json || status=1
exit $status
