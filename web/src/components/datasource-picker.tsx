import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { Icon } from './icons';
import type { FetchState } from '../hooks/use-fetch';
import type { DatasourceInfo } from '../state/types';

/** Why the datasource list is unavailable, shown once under the top bar until dismissed. */
export function DatasourceNotice({ list }: { list: FetchState<DatasourceInfo[]> }) {
  const t = useT();
  const [dismissed, setDismissed] = useState(false);
  if (list.status !== 'error' || dismissed) return null;
  return (
    <div className="strip" role="status">
      <span>{t('datasource.loadFailed', { message: list.error.message || t('error.network') })}</span>
      <button type="button" className="icon" aria-label={t('message.dismiss')} onClick={() => setDismissed(true)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

/** Which datasource the conversation asks; the workspace default when none is chosen. */
export function DatasourcePicker({ value, list, onChange }: { value: string | null; list: FetchState<DatasourceInfo[]>; onChange(name: string | null): void }) {
  const t = useT();
  const options = list.status === 'ok' ? list.data : [];
  const known = value === null || options.some((d) => d.name === value);
  return (
    <div className="datasource-picker">
      <label htmlFor="datasource-select">{t('datasource.label')}</label>
      <select id="datasource-select" value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} disabled={list.status !== 'ok'}>
        <option value="">{t('datasource.default')}</option>
        {!known && value && <option value={value}>{value}</option>}
        {options.map((d) => (
          <option key={d.id} value={d.name}>
            {typeof d.tableCount === 'number' ? `${d.name} · ${t('datasource.tables', { count: d.tableCount })}` : d.name}
          </option>
        ))}
      </select>
    </div>
  );
}
