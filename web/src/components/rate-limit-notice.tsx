import { useEffect } from 'react';
import { useCountdown } from '../hooks/use-countdown';
import { useT } from '../i18n/i18n';
import { Icon } from './icons';

/** A refusal over a rate limit: the server's words, and until when (a Date.now() time) if it said. */
export interface RateLimit {
  message: string;
  until: number | null;
}

export function rateLimitFrom(message: string, retryAfterSeconds: unknown, now = Date.now()): RateLimit {
  const seconds = typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? Math.ceil(retryAfterSeconds) : null;
  return { message, until: seconds === null ? null : now + seconds * 1000 };
}

/**
 * The server's rate-limit message with a live countdown; `onDone` runs when it reaches 0 (the
 * notice then goes away). Without a known wait it stays until dismissed.
 */
export function RateLimitNotice({ limit, onDone }: { limit: RateLimit; onDone(): void }) {
  const t = useT();
  const left = useCountdown(limit.until);
  const done = limit.until !== null && left === 0;
  useEffect(() => void (done && onDone()), [done]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="notice warn rate-limit" role="status">
      <span>{limit.message}</span>
      {limit.until !== null && (
        // Announced once, not every second: the live region is the message above.
        <strong className="countdown" aria-live="off">
          {t('rateLimit.countdown', { seconds: left })}
        </strong>
      )}
      {limit.until === null && (
        <button type="button" className="icon" aria-label={t('message.dismiss')} onClick={onDone}>
          <Icon name="close" size={14} />
        </button>
      )}
    </div>
  );
}
