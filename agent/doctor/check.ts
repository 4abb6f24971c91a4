import type { Bilingual } from '../../core/index.js';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  title: Bilingual;
  status: CheckStatus;
  /** What was seen, in plain words (paths, numbers). */
  detail: string;
  fix?: Bilingual;
  simulated?: boolean;
}

const label: Record<CheckStatus, string> = {
  pass: 'LULUS/PASS ',
  warn: 'AWAS/WARN  ',
  fail: 'GAGAL/FAIL ',
  skip: 'LEWAT/SKIP ',
};

/** One line a check (plus its fix on the next line), readable over a phone's SSH app. */
export function formatCheck(r: CheckResult): string {
  const sim = r.simulated ? ' [simulasi/simulated]' : '';
  let line = `[${label[r.status]}] ${r.title.id} / ${r.title.en}: ${r.detail}${sim}`;
  if (r.fix && (r.status === 'fail' || r.status === 'warn')) {
    line += `\n              → ${r.fix.id}\n              → ${r.fix.en}`;
  }
  return line;
}
