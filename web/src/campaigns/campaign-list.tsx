import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { ApiError, api } from '../lib/api';
import { openPath, pathForCampaign } from '../lib/route';
import type { CampaignSummary } from './types';

/** `/campaigns`: every draft of the workspace, newest first, each opening its editor. */
export function CampaignList({ onBack }: { onBack(): void }) {
  const t = useT();
  const [items, setItems] = useState<CampaignSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      setItems([...(await api<CampaignSummary[]>('/campaigns'))].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
    } catch (e) {
      setError(t('campaign.list.failed', { message: e instanceof ApiError && e.message && e.code !== 'network' ? e.message : t('error.network') }));
    }
  }, [t]);
  useEffect(() => void load(), [load]);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="column campaign-page">
      <button type="button" className="ghost small" onClick={onBack}>
        {t('members.back')}
      </button>
      <h2 ref={heading} tabIndex={-1}>
        {t('campaign.list.title')}
      </h2>
      <p className="muted">{t('campaign.list.intro')}</p>
      {error && (
        <div className="notice error" role="alert">
          {error}
          <button type="button" className="ghost small" onClick={load}>
            {t('message.retry')}
          </button>
        </div>
      )}
      {items === null && !error && <p className="muted">{t('campaign.loading')}</p>}
      {items?.length === 0 && <p>{t('campaign.list.empty')}</p>}
      {items && items.length > 0 && (
        <table className="campaign-list">
          <thead>
            <tr>
              <th scope="col">{t('campaign.name')}</th>
              <th scope="col">{t('campaign.list.platform')}</th>
              <th scope="col">{t('campaign.list.version')}</th>
              <th scope="col">{t('campaign.card.checks')}</th>
              <th scope="col">{t('campaign.list.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <a
                    href={pathForCampaign(c.id)}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      openPath(pathForCampaign(c.id));
                    }}
                  >
                    {c.name}
                  </a>
                </td>
                <td>{t(`campaign.platform.${c.platform}`)}</td>
                <td>{c.version}</td>
                <td className={c.errors ? 'error-text' : ''}>{c.errors || c.warnings ? t('campaign.checks', { errors: c.errors, warnings: c.warnings }) : t('campaign.checksPassed')}</td>
                <td>{new Date(c.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
