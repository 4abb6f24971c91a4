import type { ComponentChildren } from 'preact';
import { pick } from '../../i18n/index.ts';
import type { KioskText } from '../../ui/api-types.ts';
import { Icon } from '../icons.tsx';

/** One labelled fact of a service or place (where, opening hours…): an icon, a label, the text. */
export function Fact({ icon, label, text }: { icon: string; label: string; text: KioskText | undefined }) {
  const value = pick(text);
  if (!value) return null;
  return (
    <FactRow icon={icon} label={label}>
      {value}
    </FactRow>
  );
}

export function FactRow({
  icon,
  label,
  children,
}: {
  icon: string;
  label: string;
  children: ComponentChildren;
}) {
  return (
    <div class="fact">
      <Icon name={icon} class="fact-icon" />
      <div>
        <div class="fact-label">{label}</div>
        <div class="fact-value">{children}</div>
      </div>
    </div>
  );
}
