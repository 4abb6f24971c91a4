import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import { ApiError, requestJson } from '../../ui/http.ts';
import type { LiveChannel } from '../../ui/live-channel.ts';
import { speakerTest } from '../speaker-test.ts';
import { Bi } from './bi.tsx';
import { Mount } from './mount.tsx';

/** POST /api/admin/tests/:kind (docs/http.md). */
interface TestResult {
  kind: string;
  ok: boolean;
  summary: { id: string; en: string };
  next: { id: string; en: string };
  ms: number;
}

const KINDS = ['amplifier', 'sensor', 'link', 'portal'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Guided tests, in the order a technician checks a pole before leaving: the speaker (does it
 * sound? the technician answers), then the amplifier, the sensor, the control-room link and
 * the hotspot portal. Each says what happened and the next step, in plain words.
 */
export function GuidedTests({ live }: { live: LiveChannel }) {
  return (
    <div class="guided-tests">
      <Mount make={() => speakerTest(live)} />
      {KINDS.map((kind) => (
        <TestCard key={kind} kind={kind} />
      ))}
    </div>
  );
}

function TestCard({ kind }: { kind: Kind }) {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<TestResult | { failed: string } | null>(null);
  const run = async () => {
    setRunning(true);
    setResult(null);
    try {
      setResult(
        await requestJson<TestResult>(`/api/admin/tests/${kind}`, {
          method: 'POST',
          body: {},
          timeoutMs: 30_000,
        }),
      );
    } catch (err) {
      setResult({
        failed: err instanceof ApiError && err.status ? String(err.status) : t('admin.pin.unreachable'),
      });
    } finally {
      setRunning(false);
    }
  };
  return (
    <section class="panel test-card" data-test={kind} aria-labelledby={`test-${kind}`}>
      <h2 class="section-title" id={`test-${kind}`}>
        {t(`admin.test.${kind}`)}
      </h2>
      <p class="panel-intro">{t(`admin.test.${kind}.intro`)}</p>
      <button type="button" class="big-button" disabled={running} onClick={() => void run()}>
        {running ? t('admin.test.running') : t('admin.test.start')}
      </button>
      <div class="test-result" aria-live="polite">
        {result &&
          ('failed' in result ? (
            <Bi
              text={{
                id: t('admin.requestFailed', { code: result.failed }, 'id'),
                en: t('admin.requestFailed', { code: result.failed }, 'en'),
              }}
              tone="error"
            />
          ) : (
            <div class="test-outcome" data-ok={String(result.ok)}>
              <p class="test-verdict">{result.ok ? t('admin.test.passed') : t('admin.test.failed')}</p>
              <Bi text={result.summary} tone={result.ok ? 'ok' : 'error'} />
              <h3 class="test-next-title">{t('admin.test.next')}</h3>
              <Bi text={result.next} />
            </div>
          ))}
      </div>
    </section>
  );
}
