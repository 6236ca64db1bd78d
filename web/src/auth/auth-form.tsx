import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { RateLimitNotice, rateLimitFrom, type RateLimit } from '../components/rate-limit-notice';
import { useT } from '../i18n/i18n';
import { en, type MessageKey } from '../i18n/en';
import { ApiError, api } from '../lib/api';
import { placeError, type PlacedError } from './field-error';
import type { SignedInBody } from './types';

/** setup: the first (admin) account; invite: an invited member's account; signin / expired: sign in (again). */
export type AuthFormMode = 'setup' | 'invite' | 'signin' | 'expired';

type Field = 'name' | 'email' | 'password';

const FIELDS: Record<AuthFormMode, readonly Field[]> = {
  setup: ['name', 'email', 'password'],
  invite: ['name', 'email', 'password'],
  signin: ['email', 'password'],
  expired: ['email', 'password'],
};

const TEXT: Record<AuthFormMode, { title: MessageKey; intro?: MessageKey; submit: MessageKey }> = {
  setup: { title: 'auth.setupTitle', intro: 'auth.setupIntro', submit: 'auth.createAdmin' },
  invite: { title: 'auth.inviteTitle', intro: 'auth.inviteIntro', submit: 'auth.createAccount' },
  signin: { title: 'auth.signInTitle', submit: 'auth.signIn' },
  expired: { title: 'auth.expiredTitle', intro: 'auth.expiredIntro', submit: 'auth.signIn' },
};

/** The catalogue's explanation of an OIDC refusal (`authError.<reason>`), or the general one naming the code. */
function providerErrorText(t: ReturnType<typeof useT>, code: string): string {
  const key = `authError.${code}`;
  return Object.hasOwn(en, key) && code !== 'generic' ? t(key as MessageKey) : t('authError.generic', { code });
}

export interface AuthFormProps {
  mode: AuthFormMode;
  /** The invitation token (mode `invite`). */
  invite?: string;
  defaultEmail?: string;
  /** Offered as "Sign in with <label>" (sign-in modes). */
  oidc?: { label: string; startUrl: string } | null;
  /** Why an OIDC sign-in came back refused (`?auth_error=`). */
  authError?: string | null;
  /** The server accepted: it has set the session cookie. */
  onSignedIn(body: SignedInBody): void | Promise<void>;
  children?: ReactNode;
}

/**
 * Sign-up and sign-in. The server's coded errors are shown next to the field they concern
 * (tied with aria-describedby, focus moved there) or above the form; a throttled sign-in shows
 * its countdown.
 */
export function AuthForm({ mode, invite, defaultEmail, oidc, authError, onSignedIn, children }: AuthFormProps) {
  const t = useT();
  const uid = useId();
  const fields = FIELDS[mode];
  const text = TEXT[mode];
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: defaultEmail ?? '', password: '' });
  const [error, setError] = useState<PlacedError<Field> | null>(null);
  const [limit, setLimit] = useState<RateLimit | null>(null);
  const [busy, setBusy] = useState(false);
  const inputs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const formError = useRef<HTMLDivElement>(null);

  // Focus starts on the first field to fill in.
  useEffect(() => {
    const first = fields.find((f) => !values[f]) ?? fields[0];
    inputs.current[first]?.focus();
  }, [mode]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || limit?.until) return;
    setBusy(true);
    setError(null);
    setLimit(null);
    const signup = mode === 'setup' || mode === 'invite';
    const body = signup ? { email: values.email.trim(), password: values.password, name: values.name.trim(), ...(invite ? { invite } : {}) } : { email: values.email.trim(), password: values.password };
    try {
      const res = await api<SignedInBody>(signup ? '/auth/signup' : '/auth/login', { method: 'POST', body });
      await onSignedIn(res);
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError('internal', '', 0);
      const message = apiError.message || t(apiError.code === 'network' ? 'error.network' : 'error.generic');
      if (apiError.rateLimited) {
        setLimit(rateLimitFrom(message, apiError.retryAfterSeconds));
      } else {
        const placed = placeError({ code: apiError.code, message }, fields);
        setError(placed);
        // Move focus to what needs fixing; a form-level error is announced by its alert role.
        requestAnimationFrame(() => (placed.field ? inputs.current[placed.field]?.focus() : formError.current?.focus()));
      }
    } finally {
      setBusy(false);
    }
  };

  const errorId = (f: Field) => `${uid}-${f}-error`;
  const hintId = `${uid}-password-hint`;
  const describedBy = (f: Field) => [error?.field === f ? errorId(f) : null, f === 'password' && (mode === 'setup' || mode === 'invite') ? hintId : null].filter(Boolean).join(' ') || undefined;
  const providerError = authError ? providerErrorText(t, authError) : null;
  const titleId = `${uid}-title`;

  const field = (f: Field, type: string, autoComplete: string) => (
    <div className="field" key={f}>
      <label htmlFor={`${uid}-${f}`}>{t(`auth.${f}`)}</label>
      <input
        id={`${uid}-${f}`}
        ref={(el) => void (inputs.current[f] = el)}
        name={f}
        type={type}
        autoComplete={autoComplete}
        required
        value={values[f]}
        aria-invalid={error?.field === f || undefined}
        aria-describedby={describedBy(f)}
        onChange={(e) => {
          const value = e.target.value;
          setValues((v) => ({ ...v, [f]: value }));
          if (error?.field === f) setError(null);
        }}
      />
      {f === 'password' && (mode === 'setup' || mode === 'invite') && (
        <p id={hintId} className="field-hint muted">
          {t('auth.newPasswordHint')}
        </p>
      )}
      {error?.field === f && (
        <p id={errorId(f)} className="field-error error-text">
          {error.message}
        </p>
      )}
    </div>
  );

  const signup = mode === 'setup' || mode === 'invite';
  return (
    <section className="auth-card" aria-labelledby={titleId}>
      <div className="brand auth-brand">
        <span className="logo" aria-hidden="true">◆</span> {t('app.name')}
      </div>
      <h1 id={titleId}>{t(text.title)}</h1>
      {text.intro && <p className="muted">{t(text.intro)}</p>}
      {children}
      {providerError && (
        <div className="notice error" role="alert">
          {providerError}
        </div>
      )}
      {/* The server checks every field; its messages (not the browser's) are shown next to them. */}
      <form className="auth-form" onSubmit={submit} noValidate aria-labelledby={titleId}>
        {error && error.field === null && (
          <div className="notice error" role="alert" tabIndex={-1} ref={formError}>
            {error.message}
          </div>
        )}
        {limit && <RateLimitNotice limit={limit} onDone={() => setLimit(null)} />}
        {fields.includes('name') && field('name', 'text', 'name')}
        {field('email', 'email', signup ? 'email' : 'username')}
        {field('password', 'password', signup ? 'new-password' : 'current-password')}
        <button type="submit" className="auth-submit" disabled={busy || Boolean(limit?.until)} aria-busy={busy || undefined}>
          {busy ? t('auth.working') : t(text.submit)}
        </button>
      </form>
      {!signup && oidc && safeHref(oidc.startUrl) && (
        <>
          <p className="auth-or muted">
            <span>{t('auth.or')}</span>
          </p>
          <a className="button ghost auth-oidc" href={safeHref(oidc.startUrl)!}>
            {t('auth.oidc', { label: oidc.label })}
          </a>
        </>
      )}
    </section>
  );
}

/** Only a web address (same site or http/https) may be followed from the sign-in page. */
export function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
