import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/agent-process.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The closing line CI reads ("tests: N passed, M failed, K skipped") from the two runners'
// JSON reports and exit codes.
const dir = tempDir('tiang-summary-');
afterAll(() => dir.remove());

const vitestReport = path.join(dir.path, 'vitest.json');
const e2eReport = path.join(dir.path, 'e2e.json');
writeFileSync(
  vitestReport,
  JSON.stringify({
    numPassedTests: 10,
    numFailedTests: 0,
    numPendingTests: 1,
    numTodoTests: 0,
    testResults: [{ status: 'passed', assertionResults: [{ status: 'passed' }] }],
  }),
);
writeFileSync(e2eReport, JSON.stringify({ stats: { expected: 4, flaky: 1, unexpected: 0, skipped: 1 } }));

function summary(env: Record<string, string>, reports = [vitestReport, e2eReport]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'test-summary.mjs'), ...reports], {
    encoding: 'utf8',
    env: { ...process.env, VITEST_STATUS: '0', PLAYWRIGHT_STATUS: '0', CHECKS_FAILED: '0', ...env },
  });
  return { line: r.stdout.trim(), why: r.stderr, code: r.status };
}

describe('test summary line', () => {
  it('adds up both reports', () => {
    expect(summary({})).toMatchObject({ line: 'tests: 15 passed, 0 failed, 2 skipped', code: 0 });
  });

  it('counts a runner that failed with a clean report (vitest unhandled errors) as one failure', () => {
    const r = summary({ VITEST_STATUS: '1' });
    expect(r).toMatchObject({ line: 'tests: 15 passed, 1 failed, 2 skipped', code: 1 });
    expect(r.why).toContain('vitest exited with 1 though its report has no failed test');
    expect(summary({ VITEST_STATUS: '1', PLAYWRIGHT_STATUS: '1' }).line).toBe(
      'tests: 15 passed, 2 failed, 2 skipped',
    );
  });

  it('counts a missing report and failed checks', () => {
    const r = summary({ CHECKS_FAILED: '1' }, [vitestReport, path.join(dir.path, 'none.json')]);
    expect(r).toMatchObject({ line: 'tests: 10 passed, 2 failed, 1 skipped', code: 1 });
    expect(r.why).toContain('is missing (Playwright did not finish)');
  });
});
