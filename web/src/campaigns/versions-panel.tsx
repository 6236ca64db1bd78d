import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n';
import { ApiError, api } from '../lib/api';
import type { CampaignVersion, CampaignVersionInfo } from './types';

/** The draft's versions, newest first: who or what made each (first draft, chat, hand), and its checks. */
export function VersionsPanel({ id, current, refreshKey, onOpen }: { id: string; current: number; refreshKey: number; onOpen(v: CampaignVersion): void }) {
  const t = useT();
  const [versions, setVersions] = useState<CampaignVersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stop = false;
    api<CampaignVersionInfo[]>(`/campaigns/${encodeURIComponent(id)}/versions`)
      .then((v) => !stop && (setVersions([...v].sort((a, b) => b.version - a.version)), setError(null)))
      .catch((e) => !stop && setError(t('campaign.versions.failed', { message: e instanceof ApiError && e.message ? e.message : t('error.network') })));
    return () => void (stop = true);
  }, [id, refreshKey, current, t]);

  const open = async (version: number) => {
    setError(null);
    try {
      onOpen(await api<CampaignVersion>(`/campaigns/${encodeURIComponent(id)}/versions/${version}`));
    } catch (e) {
      setError(t('campaign.versions.failed', { message: e instanceof ApiError && e.message ? e.message : t('error.network') }));
    }
  };

  return (
    <section className="campaign-versions" aria-labelledby="campaign-versions-title">
      <h3 id="campaign-versions-title">{t('campaign.versions.title')}</h3>
      {error && (
        <p className="error-text small-text" role="alert">
          {error}
        </p>
      )}
      <ol>
        {(versions ?? []).map((v) => (
          <li key={v.version} data-version={v.version}>
            <span>
              <strong>{t('campaign.versions.version', { version: v.version })}</strong> · {t(`campaign.versions.source.${v.source}`)} · {new Date(v.createdAt).toLocaleString()}
            </span>
            {v.summary && <span className="muted small-text">{v.summary}</span>}
            <span className="small-text">{t('campaign.checks', { errors: v.errors, warnings: v.warnings })}</span>
            {v.version === current ? (
              <span className="badge">{t('campaign.versions.current')}</span>
            ) : (
              <button type="button" className="ghost small" aria-label={t('campaign.versions.openLabel', { version: v.version })} onClick={() => open(v.version)}>
                {t('campaign.versions.open')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
