import type { AmplifierControl } from '../../audio/index.js';

export interface AmpEvent {
  at: number;
  line: 'supply' | 'enabled' | 'muted';
  value: boolean;
}

/** Amplifier lines in memory with a log of every change (only changes, like a scope on the pins). */
export function fakeAmp(
  hasSupplyRelay = true,
): AmplifierControl & { events: AmpEvent[]; lines: { supply: boolean; enabled: boolean; muted: boolean } } {
  const lines = { supply: false, enabled: false, muted: true };
  const events: AmpEvent[] = [];
  const set = (line: AmpEvent['line'], value: boolean) => {
    if (lines[line] === value) return;
    lines[line] = value;
    events.push({ at: Date.now(), line, value });
  };
  return {
    hasSupplyRelay,
    events,
    lines,
    setSupply: (on) => set('supply', on),
    setEnabled: (on) => set('enabled', on),
    setMuted: (m) => set('muted', m),
    read: () => ({ ...lines }),
  };
}
