import { useT } from '../i18n/i18n';

/** Shown while the socket is down; the socket reconnects by itself and the answer resumes. */
export function OfflineBanner() {
  const t = useT();
  return (
    <div className="offline-banner" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('offline.banner')}
    </div>
  );
}
