import { en, type MessageKey } from '../i18n/en';
import { useT } from '../i18n/i18n';
import type { ToolStep } from '../state/types';

const ICON = { running: '◌', done: '✓', failed: '✕' } as const;

/** The compact list of tool steps of one answer: running, done, or failed with the reason. */
export function ToolTimeline({ steps }: { steps: ToolStep[] }) {
  const t = useT();
  if (!steps.length) return null;
  // Tools with a friendly name in the catalogue show it; others show their own name.
  const label = (name: string) => (`tool.${name}` in en ? t(`tool.${name}` as MessageKey) : name);
  return (
    <ol className="tool-timeline" aria-label={t('tools.label')}>
      {steps.map((s) => (
        <li key={s.callId} className={`tool-step ${s.state}`} data-state={s.state} data-tool={s.name}>
          <span className={`tool-icon ${s.state}`} aria-hidden="true">
            {ICON[s.state]}
          </span>
          <span className="tool-name">{label(s.name)}</span>
          <span className="visually-hidden">({t(`tools.${s.state}`)})</span>
          {s.state === 'running' && s.progress && <span className="tool-detail">{s.progress}</span>}
          {s.state === 'done' && s.summary && <span className="tool-detail">{s.summary}</span>}
          {s.state === 'failed' && <span className="tool-detail error-text">{s.error ?? s.summary}</span>}
        </li>
      ))}
    </ol>
  );
}
