import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../agent/roles';
import { placeError, type PlacedError } from '../auth/field-error';
import { roleLabel } from '../auth/permissions';
import { useSession } from '../auth/session-context';
import type { Member } from '../auth/types';
import { CopyButton } from '../components/copy-button';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { ApiError, api } from '../lib/api';
import { inviteLink } from '../lib/route';

type InviteField = 'name' | 'email' | 'role';
const INVITE_FIELDS: readonly InviteField[] = ['name', 'email', 'role'];

const STATUS: Record<string, MessageKey> = { active: 'members.statusActive', invited: 'members.statusInvited', disabled: 'members.statusDisabled', removed: 'members.statusDisabled' };

const messageOf = (e: unknown, fallback: string) => (e instanceof ApiError && e.message ? e.message : fallback);

/** The admin's members page: who is in the workspace, invitations, roles and removal. */
export function MembersPage({ onBack }: { onBack(): void }) {
  const t = useT();
  const { me } = useSession();
  const uid = useId();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [form, setForm] = useState<{ name: string; email: string; role: Role }>({ name: '', email: '', role: 'analyst' });
  const [inviteError, setInviteError] = useState<PlacedError<InviteField> | null>(null);
  const [invited, setInvited] = useState<{ name: string; link: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const fields = useRef<Partial<Record<InviteField, HTMLInputElement | HTMLSelectElement | null>>>({});
  const generic = t('error.generic');

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setMembers(await api<Member[]>('/members'));
    } catch (e) {
      setLoadError(t('members.loadFailed', { message: messageOf(e, t('error.network')) }));
    }
  }, [t]);
  useEffect(() => void load(), [load]);
  useEffect(() => heading.current?.focus(), []);

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setInviteError(null);
    setInvited(null);
    try {
      const body = { email: form.email.trim(), name: form.name.trim(), role: form.role };
      const res = await api<{ member: Member; invite: string }>('/members', { method: 'POST', body });
      setMembers((list) => [...(list ?? []).filter((m) => m.id !== res.member.id), res.member]);
      setInvited({ name: res.member.name, link: inviteLink(window.location.origin, res.invite) });
      setForm({ name: '', email: '', role: form.role });
    } catch (err) {
      const placed = placeError({ code: err instanceof ApiError ? err.code : 'internal', message: messageOf(err, generic) }, INVITE_FIELDS);
      setInviteError(placed);
      if (placed.field) fields.current[placed.field]?.focus();
    } finally {
      setBusy(false);
    }
  };

  const changeRole = async (m: Member, role: Role) => {
    setActionError(null);
    try {
      const updated = { ...m, role, ...(await api<Partial<Member> | undefined>(`/members/${encodeURIComponent(m.id)}`, { method: 'PATCH', body: { role } })) };
      setMembers((list) => (list ?? []).map((x) => (x.id === m.id ? updated : x)));
      setAnnounce(t('members.roleChanged', { name: updated.name, role: roleLabel(t, updated.role) }));
    } catch (e) {
      setActionError(messageOf(e, generic));
    }
  };

  const remove = async (m: Member) => {
    if (!window.confirm(t('members.confirmRemove', { name: m.name, email: m.email ?? m.source ?? '' }))) return;
    setActionError(null);
    try {
      await api(`/members/${encodeURIComponent(m.id)}`, { method: 'DELETE' });
      setMembers((list) => (list ?? []).filter((x) => x.id !== m.id));
      setAnnounce(t('members.removed', { name: m.name }));
    } catch (e) {
      setActionError(messageOf(e, generic));
    }
  };

  const errorFor = (f: InviteField) => (inviteError?.field === f ? `${uid}-${f}-error` : undefined);
  const fieldError = (f: InviteField) =>
    inviteError?.field === f && (
      <p id={`${uid}-${f}-error`} className="field-error error-text">
        {inviteError.message}
      </p>
    );

  return (
    <div className="scroll">
      <div className="column members-page">
        <button type="button" className="ghost small" onClick={onBack}>
          ← {t('members.back')}
        </button>
        <h2 ref={heading} tabIndex={-1}>
          {t('members.title')}
        </h2>
        <p className="muted">{t('members.intro', { workspace: me.workspace.name })}</p>
        <p className="visually-hidden" role="status">
          {announce}
        </p>

        <section className="members-invite" aria-labelledby={`${uid}-invite-title`}>
          <h3 id={`${uid}-invite-title`}>{t('members.inviteTitle')}</h3>
          <form className="invite-form" onSubmit={invite} noValidate>
            <div className="field">
              <label htmlFor={`${uid}-name`}>{t('members.name')}</label>
              <input id={`${uid}-name`} ref={(el) => void (fields.current.name = el)} required autoComplete="off" value={form.name} aria-invalid={inviteError?.field === 'name' || undefined} aria-describedby={errorFor('name')} onChange={(e) => setForm({ ...form, name: e.target.value })} />
              {fieldError('name')}
            </div>
            <div className="field">
              <label htmlFor={`${uid}-email`}>{t('members.email')}</label>
              <input id={`${uid}-email`} ref={(el) => void (fields.current.email = el)} type="email" required autoComplete="off" value={form.email} aria-invalid={inviteError?.field === 'email' || undefined} aria-describedby={errorFor('email')} onChange={(e) => setForm({ ...form, email: e.target.value })} />
              {fieldError('email')}
            </div>
            <div className="field">
              <label htmlFor={`${uid}-role`}>{t('members.role')}</label>
              <select id={`${uid}-role`} ref={(el) => void (fields.current.role = el)} value={form.role} aria-invalid={inviteError?.field === 'role' || undefined} aria-describedby={errorFor('role')} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
              {fieldError('role')}
            </div>
            <button type="submit" disabled={busy} aria-busy={busy || undefined}>
              {t('members.invite')}
            </button>
          </form>
          {inviteError && inviteError.field === null && (
            <div className="notice error" role="alert">
              {inviteError.message}
            </div>
          )}
          {invited && (
            <div className="notice invite-result" role="status">
              <label htmlFor={`${uid}-link`}>{t('members.invited', { name: invited.name })}</label>
              <div className="invite-link">
                <input id={`${uid}-link`} readOnly value={invited.link} aria-label={t('members.inviteLink', { name: invited.name })} onFocus={(e) => e.currentTarget.select()} />
                <CopyButton text={invited.link} label={t('members.copyLink')} />
              </div>
            </div>
          )}
        </section>

        {actionError && (
          <div className="notice error" role="alert">
            {actionError}
          </div>
        )}
        {loadError && (
          <div className="notice error" role="alert">
            {loadError}
            <button type="button" className="ghost small" onClick={load}>
              {t('message.retry')}
            </button>
          </div>
        )}
        {members === null && !loadError && <p className="muted">{t('members.loading')}</p>}
        {members && (
          <table className="members-table">
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('members.email')}</th>
                <th scope="col">{t('members.role')}</th>
                <th scope="col">{t('members.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('members.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const self = m.id === me.user.id;
                return (
                  <tr key={m.id} data-member-id={m.id}>
                    <td>
                      {m.name} {self && <span className="muted">{t('members.you')}</span>}
                    </td>
                    <td>{m.email ?? <span className="muted">{m.source ?? ''}</span>}</td>
                    <td>
                      {self ? (
                        roleLabel(t, m.role)
                      ) : (
                        <select aria-label={t('members.roleOf', { name: m.name })} value={m.role} onChange={(e) => void changeRole(m, e.target.value as Role)}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {t(`role.${r}`)}
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                    <td>{STATUS[m.status] ? t(STATUS[m.status]) : m.status}</td>
                    <td>
                      {!self && (
                        <button type="button" className="ghost small" aria-label={t('members.removeLabel', { name: m.name })} onClick={() => void remove(m)}>
                          {t('members.remove')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
