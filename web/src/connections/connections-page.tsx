import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useCan, useSession } from '../auth/session-context';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { ApiError, api } from '../lib/api';
import type { ConnectorInfo, ConnectorKindInfo } from './types';

/** While a connector syncs, the page asks for its state this often. */
export const POLL_MS = 1500;

const messageOf = (e: unknown, fallback: string) => (e instanceof ApiError && e.message ? e.message : fallback);
const STATUS: Record<ConnectorInfo['status'], MessageKey> = { idle: 'connections.status.idle', syncing: 'connections.status.syncing', error: 'connections.status.error' };

/** Connected payment and social accounts: their sync state and rows; admins connect, sync and delete them. */
export function ConnectionsPage({ onBack }: { onBack(): void }) {
  const t = useT();
  const { me } = useSession();
  const mayManage = useCan('connections');
  const uid = useId();
  const [kinds, setKinds] = useState<ConnectorKindInfo[]>([]);
  const [connectors, setConnectors] = useState<ConnectorInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [kind, setKind] = useState('');
  const [name, setName] = useState('');
  const [apiBase, setApiBase] = useState('');
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [addError, setAddError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const generic = t('error.generic');

  const load = useCallback(async () => {
    try {
      setConnectors(await api<ConnectorInfo[]>('/connectors'));
      setLoadError(null);
    } catch (e) {
      setLoadError(t('connections.loadFailed', { message: messageOf(e, t('error.network')) }));
    }
  }, [t]);
  useEffect(() => {
    void load();
    api<ConnectorKindInfo[]>('/connector-kinds').then(
      (k) => {
        setKinds(k);
        setKind((current) => current || k[0]?.kind || '');
      },
      () => undefined,
    );
  }, [load]);
  useEffect(() => heading.current?.focus(), []);

  // Watch a running sync: poll while any connector says it is syncing.
  const syncing = connectors?.some((c) => c.status === 'syncing') ?? false;
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [syncing, load]);

  const chosen = kinds.find((k) => k.kind === kind);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setAddError(null);
    try {
      const filled = Object.fromEntries(chosen.fields.map((f) => [f.name, (credentials[f.name] ?? '').trim()]).filter(([, v]) => v));
      const body = { kind: chosen.kind, name: name.trim(), credentials: filled, ...(apiBase.trim() ? { apiBase: apiBase.trim() } : {}) };
      const created = await api<ConnectorInfo & { accountName: string }>('/connectors', { method: 'POST', body });
      setConnectors((list) => [...(list ?? []).filter((c) => c.id !== created.id), created]);
      setAnnounce(t('connections.added', { name: created.name, account: created.accountName }));
      setName('');
      setApiBase('');
      setCredentials({});
    } catch (err) {
      setAddError(messageOf(err, generic));
    } finally {
      setBusy(false);
    }
  };

  const syncNow = async (c: ConnectorInfo) => {
    setActionError(null);
    try {
      const updated = await api<ConnectorInfo>(`/connectors/${encodeURIComponent(c.id)}/sync`, { method: 'POST' });
      setConnectors((list) => (list ?? []).map((x) => (x.id === c.id ? updated : x)));
      setAnnounce(t('connections.syncStarted', { name: c.name }));
    } catch (e) {
      setActionError(messageOf(e, generic));
    }
  };

  const remove = async (c: ConnectorInfo) => {
    if (!window.confirm(t('connections.confirmDelete', { name: c.name }))) return;
    setActionError(null);
    try {
      await api(`/connectors/${encodeURIComponent(c.id)}`, { method: 'DELETE' });
      setConnectors((list) => (list ?? []).filter((x) => x.id !== c.id));
      setAnnounce(t('connections.deleted', { name: c.name }));
    } catch (e) {
      setActionError(messageOf(e, generic));
    }
  };

  return (
    <div className="scroll">
      <div className="column connections-page">
        <button type="button" className="ghost small" onClick={onBack}>
          ← {t('connections.back')}
        </button>
        <h2 ref={heading} tabIndex={-1}>
          {t('connections.title')}
        </h2>
        <p className="muted">{t('connections.intro', { workspace: me.workspace.name })}</p>
        <p className="visually-hidden" role="status">
          {announce}
        </p>

        {mayManage && kinds.length > 0 && (
          <section aria-labelledby={`${uid}-add-title`}>
            <h3 id={`${uid}-add-title`}>{t('connections.addTitle')}</h3>
            <form className="invite-form" onSubmit={add} noValidate>
              <div className="field">
                <label htmlFor={`${uid}-kind`}>{t('connections.kind')}</label>
                <select id={`${uid}-kind`} value={kind} onChange={(e) => (setKind(e.target.value), setCredentials({}))}>
                  {kinds.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${uid}-name`}>{t('connections.name')}</label>
                <input id={`${uid}-name`} required autoComplete="off" value={name} placeholder={chosen?.label} onChange={(e) => setName(e.target.value)} />
              </div>
              {chosen?.fields.map((f) => (
                <div className="field" key={f.name}>
                  <label htmlFor={`${uid}-${f.name}`}>{f.label}</label>
                  <input
                    id={`${uid}-${f.name}`}
                    type={f.secret ? 'password' : 'text'}
                    required={!f.optional}
                    autoComplete="off"
                    placeholder={f.placeholder}
                    value={credentials[f.name] ?? ''}
                    aria-describedby={f.help ? `${uid}-${f.name}-help` : undefined}
                    onChange={(e) => setCredentials({ ...credentials, [f.name]: e.target.value })}
                  />
                  {f.help && (
                    <p id={`${uid}-${f.name}-help`} className="muted small-text">
                      {f.help}
                    </p>
                  )}
                </div>
              ))}
              <div className="field">
                <label htmlFor={`${uid}-base`}>{t('connections.apiBase')}</label>
                <input id={`${uid}-base`} type="url" autoComplete="off" value={apiBase} aria-describedby={`${uid}-base-help`} onChange={(e) => setApiBase(e.target.value)} />
                <p id={`${uid}-base-help`} className="muted small-text">
                  {t('connections.apiBaseHelp')}
                </p>
              </div>
              <button type="submit" disabled={busy || !name.trim()} aria-busy={busy || undefined}>
                {busy ? t('connections.adding') : t('connections.add')}
              </button>
            </form>
            {addError && (
              <div className="notice error" role="alert">
                {addError}
              </div>
            )}
          </section>
        )}

        {actionError && (
          <div className="notice error" role="alert">
            {actionError}
          </div>
        )}
        {loadError && (
          <div className="notice error" role="alert">
            {loadError}
            <button type="button" className="ghost small" onClick={() => void load()}>
              {t('message.retry')}
            </button>
          </div>
        )}
        {connectors === null && !loadError && <p className="muted">{t('connections.loading')}</p>}
        {connectors?.length === 0 && <p className="muted">{t('connections.none')}</p>}
        {connectors?.map((c) => (
          <section key={c.id} className="connector-card" data-connector-id={c.id} aria-label={c.name}>
            <h3>
              {c.name} <span className="muted small-text">{c.label}</span> <span className={`badge status-${c.status}`}>{t(STATUS[c.status])}</span>
            </h3>
            <p className="muted small-text">{c.lastSyncFinishedAt ? t('connections.lastSync', { when: new Date(c.lastSyncFinishedAt).toLocaleString() }) : t('connections.neverSynced')}</p>
            {c.status === 'syncing' && c.progress && (
              <p className="small-text" role="status">
                {t('connections.progress', { stream: c.progress.stream, rows: c.progress.rows })}
              </p>
            )}
            {c.status === 'error' && c.lastError && (
              <div className="notice error" role="alert">
                {c.lastError}
              </div>
            )}
            {c.streams.length > 0 && (
              <table className="members-table">
                <thead>
                  <tr>
                    <th scope="col">{t('connections.stream')}</th>
                    <th scope="col">{t('connections.rows')}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.streams.map((s) => (
                    <tr key={s.stream}>
                      <td>{s.stream.replace(/_/g, ' ')}</td>
                      <td>{s.rows.toLocaleString()}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {mayManage && (
              <>
                <p className="muted small-text">{t('connections.webhook', { url: `${window.location.origin}${c.webhookPath}` })}</p>
                <button type="button" className="small" disabled={c.status === 'syncing'} aria-label={t('connections.syncNowLabel', { name: c.name })} onClick={() => void syncNow(c)}>
                  {t('connections.syncNow')}
                </button>{' '}
                <button type="button" className="ghost small" aria-label={t('connections.deleteLabel', { name: c.name })} onClick={() => void remove(c)}>
                  {t('connections.delete')}
                </button>
              </>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
