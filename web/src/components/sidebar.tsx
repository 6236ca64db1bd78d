import { useState } from 'react';
import { useT } from '../i18n/i18n';
import { Icon } from './icons';
import type { ConversationSummary } from '../state/types';
import type { ApiError } from '../lib/api';

export interface SidebarProps {
  items: ConversationSummary[];
  currentId: string | null;
  query: string;
  loaded: boolean;
  error: ApiError | null;
  onQuery(q: string): void;
  onOpen(id: string | null): void;
  onRename(id: string, title: string): Promise<void>;
  onDelete(id: string): Promise<void>;
}

/** The conversation list: new chat, search, and per conversation open, rename and delete. */
export function Sidebar(p: SidebarProps) {
  const t = useT();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);

  const act = async (fn: () => Promise<void>) => {
    setActionError(null);
    try {
      await fn();
    } catch (e) {
      setActionError((e as Error).message || t('error.generic'));
    }
  };

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <button type="button" className="new-chat" onClick={() => p.onOpen(null)}>
        <Icon name="plus" /> {t('sidebar.new')}
      </button>
      <label className="visually-hidden" htmlFor="conversation-search">
        {t('sidebar.search')}
      </label>
      <input id="conversation-search" type="search" className="search" placeholder={t('sidebar.searchPlaceholder')} value={p.query} onChange={(e) => p.onQuery(e.target.value)} />
      {p.error && <p className="notice error small-text">{t('sidebar.loadFailed', { message: p.error.message || t('error.network') })}</p>}
      {actionError && (
        <p className="notice error small-text" role="alert">
          {actionError}
        </p>
      )}
      {p.loaded && !p.items.length && <p className="muted small-text">{p.query.trim() ? t('sidebar.noMatch', { q: p.query.trim() }) : t('sidebar.empty')}</p>}
      <ul className="conversation-list">
        {p.items.map((c) => (
          <li key={c.id} className={c.id === p.currentId ? 'current' : undefined} data-conversation-id={c.id}>
            {renaming === c.id ? (
              <form
                className="rename-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  const title = draft.trim();
                  setRenaming(null);
                  if (title && title !== c.title) void act(() => p.onRename(c.id, title));
                }}
              >
                <label className="visually-hidden" htmlFor={`rename-${c.id}`}>
                  {t('conversation.renameLabel', { title: c.title })}
                </label>
                <input
                  id={`rename-${c.id}`}
                  value={draft}
                  autoFocus
                  onChange={(e) => setDraft(e.target.value)}
                  onBlur={(e) => e.currentTarget.form?.requestSubmit()}
                  onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)}
                />
              </form>
            ) : (
              <a
                href={`/c/${encodeURIComponent(c.id)}`}
                aria-current={c.id === p.currentId ? 'page' : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                  e.preventDefault();
                  p.onOpen(c.id);
                }}
              >
                <span className="conversation-title">{c.title || t('conversation.untitled')}</span>
                {c.activeRunId && <span className="badge">{t('conversation.answering')}</span>}
              </a>
            )}
            {renaming !== c.id && (
              <span className="conversation-actions" role="group" aria-label={t('conversation.actions', { title: c.title })}>
                <button
                  type="button"
                  className="icon"
                  title={t('conversation.rename')}
                  aria-label={`${t('conversation.rename')}: ${c.title}`}
                  onClick={() => {
                    setDraft(c.title);
                    setRenaming(c.id);
                  }}
                >
                  <Icon name="pencil" size={14} />
                </button>
                <button
                  type="button"
                  className="icon"
                  title={t('conversation.delete')}
                  aria-label={`${t('conversation.delete')}: ${c.title}`}
                  onClick={() => {
                    if (window.confirm(t('conversation.confirmDelete', { title: c.title }))) void act(() => p.onDelete(c.id));
                  }}
                >
                  <Icon name="trash" size={14} />
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
