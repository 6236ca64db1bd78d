import { memo, useState } from 'react';
import { ArtifactView } from '../artifacts/artifact-view';
import { useT } from '../i18n/i18n';
import type { ChatMessage } from '../state/types';
import { CopyButton } from './copy-button';
import { RichText } from './rich-text';
import { ToolTimeline } from './tool-timeline';

export interface MessageActions {
  /** Shown on the newest answer when nothing is streaming. */
  onRegenerate?(): void;
  /** Shown on the newest question when nothing is streaming. */
  onEdit?(text: string): void;
  onRetrySend?(key: string): void;
}

/** One message: the user's words, or the answer with its tool steps, artifacts and any error. */
export const MessageView = memo(function MessageView({ message, actions }: { message: ChatMessage; actions?: MessageActions }) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const m = message;

  if (m.role === 'user') {
    return (
      <article className={`message user ${m.status}`} data-role="user" data-status={m.status}>
        <h2 className="visually-hidden">{t('message.you')}</h2>
        {editing === null ? (
          <div className="bubble">{m.text}</div>
        ) : (
          <form
            className="edit-form"
            onSubmit={(ev) => {
              ev.preventDefault();
              if (editing.trim()) actions?.onEdit?.(editing.trim());
              setEditing(null);
            }}
          >
            <label className="visually-hidden" htmlFor={`edit-${m.key}`}>
              {t('message.editLabel')}
            </label>
            <textarea id={`edit-${m.key}`} value={editing} onChange={(e) => setEditing(e.target.value)} autoFocus rows={3} />
            <div className="row">
              <button type="submit">{t('message.saveAndSend')}</button>
              <button type="button" className="ghost" onClick={() => setEditing(null)}>
                {t('message.cancel')}
              </button>
            </div>
          </form>
        )}
        {m.status === 'error' && m.error && (
          <div className="notice error" role="alert">
            {t('message.sendFailed', { message: m.error.message })}
            {actions?.onRetrySend && (
              <button type="button" className="ghost small" onClick={() => actions.onRetrySend?.(m.key)}>
                {t('message.retry')}
              </button>
            )}
          </div>
        )}
        {actions?.onEdit && editing === null && m.status !== 'error' && (
          <div className="message-actions">
            <button type="button" className="ghost small" onClick={() => setEditing(m.text)}>
              {t('message.edit')}
            </button>
          </div>
        )}
      </article>
    );
  }

  const failed = m.status === 'error' || m.status === 'interrupted';
  return (
    <article className={`message assistant ${m.status}`} data-role="assistant" data-status={m.status} data-run-id={m.runId ?? undefined} aria-busy={m.status === 'streaming'}>
      <h2 className="visually-hidden">{t('message.assistant')}</h2>
      <ToolTimeline steps={m.tools} />
      {m.text && (
        <div className="answer-text">
          <RichText text={m.text} />
        </div>
      )}
      {m.status === 'streaming' && !m.text && !m.tools.some((s) => s.state === 'running') && <p className="thinking">{t('message.thinking')}</p>}
      {m.artifacts.map((a) => (
        <ArtifactView key={a.id} artifact={a} />
      ))}
      {m.status === 'cancelled' && <p className="muted">{t('message.stopped')}</p>}
      {failed && (
        <div className="notice error" role="alert">
          <span>{m.error?.message || t('message.interrupted')}</span>
          {actions?.onRegenerate && (
            <button type="button" className="ghost small" onClick={actions.onRegenerate}>
              {t('message.retry')}
            </button>
          )}
        </div>
      )}
      {m.status !== 'streaming' && (
        <div className="message-actions">
          {m.text && <CopyButton text={m.text} />}
          {actions?.onRegenerate && !failed && (
            <button type="button" className="ghost small" onClick={actions.onRegenerate}>
              {t('message.regenerate')}
            </button>
          )}
        </div>
      )}
    </article>
  );
});
