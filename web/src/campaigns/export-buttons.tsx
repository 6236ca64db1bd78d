import { useState } from 'react';
import type { CampaignPlatform } from '../../../tools/campaigns/model';
import { useT } from '../i18n/i18n';
import { EXPORT_FORMATS, type ExportFormat } from './types';

/** The file name the server suggests (`Content-Disposition`), or one made from the campaign's name. */
function fileName(res: Response, fallback: string): string {
  const header = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1] : fallback;
}

/**
 * Downloads the saved version in a platform's import format. A refusal (a draft with errors, 422)
 * is shown in words, never saved as a file.
 */
export function ExportButtons({ id, name, platform, dirty }: { id: string; name: string; platform: CampaignPlatform; dirty: boolean }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setError(null);
    try {
      const res = await fetch(`/api/campaigns/${encodeURIComponent(id)}/export?format=${format}`, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        setError(body?.error?.message ? t('campaign.export.refused', { message: body.error.message }) : t('campaign.export.failed', { status: res.status }));
        return;
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(res, `${name || 'campaign'}.${format === 'json' ? 'json' : 'csv'}`);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch {
      setError(t('error.network'));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="campaign-export" role="group" aria-label={t('campaign.export.title')}>
      {EXPORT_FORMATS[platform].map((f) => (
        <button key={f} type="button" className="ghost small" disabled={busy !== null} onClick={() => download(f)}>
          {t(`campaign.export.${f}`)}
        </button>
      ))}
      {dirty && <span className="muted small-text">{t('campaign.export.savedOnly')}</span>}
      {error && (
        <p className="notice error export-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
