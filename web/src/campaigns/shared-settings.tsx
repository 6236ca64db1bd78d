import { useT } from '../i18n/i18n';
import { join } from './campaign-ops';
import { Input } from './widgets';

/** A Money value: amount and ISO currency side by side. */
export function BudgetInputs({ pointer, label }: { pointer: string; label: string }) {
  const t = useT();
  return (
    <div className="settings-row">
      <Input pointer={join(pointer, 'amount')} label={label} type="number" min={0} step={0.01} />
      <Input pointer={join(pointer, 'currency')} label={t('campaign.currency')} />
    </div>
  );
}
