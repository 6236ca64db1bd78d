import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/i18n';
import { roleLabel } from './permissions';
import { useCan, useSession } from './session-context';

/** The signed-in member's name and role, with Campaigns, Brand kit (by role), Members and Connections (admins) and Sign out. */
export function UserMenu({ onMembers, onConnections, onCampaigns, onBrand }: { onMembers(): void; onConnections?(): void; onCampaigns?(): void; onBrand?(): void }) {
  const t = useT();
  const { me, signOut } = useSession();
  const mayManage = useCan('members');
  const maySeeCampaigns = useCan('campaigns');
  const mayBrand = useCan('brand');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onDown = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  const { user, workspace } = me;
  const role = roleLabel(t, user.role);
  return (
    <div className="user-menu" ref={root}>
      <button ref={button} type="button" className="ghost user-button" aria-expanded={open} aria-controls={panelId} aria-label={t('user.menu', { name: user.name })} onClick={() => setOpen((v) => !v)}>
        <span className="avatar" aria-hidden="true">
          {user.name.trim().charAt(0).toUpperCase() || '?'}
        </span>
        <span className="user-name">{user.name}</span>
      </button>
      {open && (
        <div id={panelId} className="user-panel">
          <p className="user-who">
            <strong>{user.name}</strong>
            <span className="muted small-text">{user.email}</span>
            <span className="small-text">
              <span className="badge">{role}</span> {t('user.workspace', { name: workspace.name })}
            </span>
          </p>
          {maySeeCampaigns && onCampaigns && (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setOpen(false);
                onCampaigns();
              }}
            >
              {t('nav.campaigns')}
            </button>
          )}
          {mayBrand && onBrand && (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setOpen(false);
                onBrand();
              }}
            >
              {t('nav.brand')}
            </button>
          )}
          {mayManage && (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setOpen(false);
                onMembers();
              }}
            >
              {t('user.members')}
            </button>
          )}
          {mayManage && onConnections && (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                setOpen(false);
                onConnections();
              }}
            >
              {t('connections.menu')}
            </button>
          )}
          <button
            type="button"
            className="ghost"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await signOut();
              } catch (e) {
                setError(t('user.signOutFailed', { message: (e as Error).message || t('error.network') }));
                setBusy(false);
              }
            }}
          >
            {t('user.signOut')}
          </button>
          {error && (
            <p className="error-text small-text" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
