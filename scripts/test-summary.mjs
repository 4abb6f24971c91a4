// Adds up the vitest and Playwright JSON reports into the one closing line CI reads:
// "tests: N passed, M failed, K skipped". A report that is missing counts as a failure, and
// so does a runner that failed with no failed test in its report (vitest's unhandled errors,
// which its JSON report leaves out): the line never reads all clear when something was not.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const [vitestFile, playwrightFile] = process.argv.slice(2);

/** One runner's report added in; returns how many failures it counted. */
function vitest() {
  if (!existsSync(vitestFile)) {
    console.error(`summary: ${vitestFile} is missing (vitest did not finish)`);
    return 1;
  }
  const r = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += r.numPassedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  let bad = r.numFailedTests ?? 0;
  // A file that failed without a failing test (an import error, a crash in a hook) counts once.
  for (const file of r.testResults ?? []) {
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'))
      bad += 1;
  }
  return bad;
}

function playwright() {
  if (!existsSync(playwrightFile)) {
    console.error(`summary: ${playwrightFile} is missing (Playwright did not finish)`);
    return 1;
  }
  const s = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  skipped += s.skipped ?? 0;
  return s.unexpected ?? 0;
}

for (const [runner, count, status] of [
  ['vitest', vitest, process.env.VITEST_STATUS],
  ['Playwright', playwright, process.env.PLAYWRIGHT_STATUS],
]) {
  const bad = count();
  failed += bad;
  if (bad === 0 && Number(status ?? 0) !== 0) {
    console.error(
      `summary: ${runner} exited with ${status} though its report has no failed test (see its output above)`,
    );
    failed += 1;
  }
}

// Typecheck and lint run before the tests; each that failed counts as one failure.
const checksFailed = Number(process.env.CHECKS_FAILED ?? 0);
if (checksFailed > 0)
  console.error(`summary: ${checksFailed} check(s) failed (typecheck or lint; see above)`);
failed += checksFailed;

console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
