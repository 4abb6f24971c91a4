import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';
import type { HealthDoc } from '../../ui/api-types.ts';
import { useLocale } from '../../ui/hooks.ts';
import { requestJson } from '../../ui/http.ts';
import type { LiveChannel } from '../../ui/live-channel.ts';
import { dashboard } from '../dashboard.ts';
import { practicePanel } from '../practice-panel.ts';
import { Charts } from './charts.tsx';
import { Controls } from './controls.tsx';
import { GuidedTests } from './guided-tests.tsx';
import { Mount } from './mount.tsx';
import { OverviewCards } from './overview.tsx';
import { ProvisioningForm } from './provisioning.tsx';
import { ScheduleView } from './schedule.tsx';
import { useApi } from './use-api.ts';

const TABS = ['overview', 'tests', 'schedule', 'charts', 'controls', 'setup', 'practice'] as const;
type Tab = (typeof TABS)[number];

/**
 * The technician screen after login: one row of big tabs, the health and the cards first.
 * Everything a fault needs is at most two taps from here: the health rows say the cause
 * and the fix; the practice tab (simulator only) undoes what it caused.
 */
function AdminTabs({ live }: { live: LiveChannel }) {
  useLocale();
  const [tab, setTab] = useState<Tab>('overview');
  // The practice tab exists only on a simulated pole (404 elsewhere).
  const sim = useApi<{ faults: string[] }>('/api/admin/sim/faults');
  const tabs = TABS.filter((name) => name !== 'practice' || sim.data);
  useEffect(() => window.scrollTo(0, 0), [tab]);
  return (
    <div class="admin-tabs">
      <nav class="tab-bar" aria-label={t('admin.tabs')}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            class="tab"
            data-tab={name}
            aria-current={tab === name ? 'page' : undefined}
            onClick={() => setTab(name)}
          >
            {t(`admin.tab.${name}`)}
          </button>
        ))}
      </nav>
      <div class="tab-body" data-shown={tab}>
        {tab === 'overview' && (
          <>
            {/* Health first (worst on top, with cause and fix), then the cards. */}
            <Mount make={() => dashboard(live)} />
            <OverviewCards live={live} />
          </>
        )}
        {tab === 'tests' && <GuidedTests live={live} />}
        {tab === 'schedule' && <ScheduleView />}
        {tab === 'charts' && <Charts />}
        {tab === 'controls' && <Controls />}
        {tab === 'setup' && <ProvisioningForm />}
        {tab === 'practice' && <Mount make={() => practiceWithHealth(live)} />}
      </div>
    </div>
  );
}

/** The practice panel beside the health it changes (it shows what is not ok right now). */
function practiceWithHealth(live: LiveChannel): { el: HTMLElement; destroy: () => void } {
  const panel = practicePanel();
  const stop = live.on<HealthDoc>('health', (doc) => panel.showHealth(doc));
  // The live channel sends health on change; the tab may open between changes.
  requestJson<HealthDoc>('/healthz')
    .then((doc) => panel.showHealth(doc))
    .catch(() => undefined);
  return {
    el: panel.el,
    destroy: () => {
      stop();
      panel.destroy();
    },
  };
}

/** Mount the tabs in the admin page's main area (admin/main.ts calls this after login). */
export function adminTabs(live: LiveChannel): { el: HTMLElement; destroy: () => void } {
  const el = document.createElement('div');
  render(<AdminTabs live={live} />, el);
  return { el, destroy: () => render(null, el) };
}
