import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { drafts } from '../hooks/use-draft';
import { useT } from '../i18n/i18n';
import { authErrorFromUrl, inviteFromUrl, withoutAuthParams } from '../lib/route';
import { AuthForm } from './auth-form';
import { SessionProvider } from './session-context';
import { useAuth } from './use-auth';

const here = () => new URL(window.location.href);

/**
 * Shows the page only to a signed-in member: first the admin account on a fresh install, the
 * sign-in form, or an invited member's sign-up (`?invite=`). When the session ends while the page
 * is open, a sign-in form covers it; the page underneath (and the composer's draft) stays.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const t = useT();
  const auth = useAuth();
  const [invite, setInvite] = useState(() => inviteFromUrl(here()));
  const [authError] = useState(() => authErrorFromUrl(here()));
  const { state } = auth;

  // The provider's refusal is shown once; a reload should not show it again.
  useEffect(() => {
    if (authError) window.history.replaceState(window.history.state, '', withoutAuthParams(here()));
  }, [authError]);

  const dropInvite = useCallback(() => {
    setInvite(null);
    window.history.replaceState(window.history.state, '', withoutAuthParams(here()));
  }, []);

  const onSignedIn = useCallback(async () => {
    if (invite) dropInvite();
    await auth.completeSignIn();
  }, [invite, dropInvite, auth.completeSignIn]); // eslint-disable-line react-hooks/exhaustive-deps

  const signOut = useCallback(async () => {
    await auth.signOut();
    drafts.clearAll();
  }, [auth.signOut]); // eslint-disable-line react-hooks/exhaustive-deps

  // Focus goes back where it was (the composer, typically) once the session is renewed.
  const expired = state.phase === 'signed-in' && state.expired;
  const focusBefore = useRef<Element | null>(null);
  useEffect(() => {
    if (expired) focusBefore.current = document.activeElement;
    else if (focusBefore.current instanceof HTMLElement && focusBefore.current.isConnected) {
      focusBefore.current.focus();
      focusBefore.current = null;
    }
  }, [expired]);

  if (state.phase === 'loading') {
    return (
      <div className="auth-screen" role="status">
        <p className="muted">{t('auth.loading')}</p>
      </div>
    );
  }
  if (state.phase === 'unavailable') {
    return (
      <div className="auth-screen">
        <div className="notice error" role="alert">
          {t('auth.unavailable', { message: state.error.message || t('error.network') })}
          <button type="button" className="ghost small" onClick={auth.reload}>
            {t('auth.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (invite) {
    return (
      <div className="auth-screen">
        <AuthForm mode="invite" invite={invite} onSignedIn={onSignedIn}>
          {state.phase === 'signed-in' && (
            <div className="notice">
              {t('auth.inviteWhileSignedIn', { name: state.me.user.name })}
              <button type="button" className="ghost small" onClick={dropInvite}>
                {t('auth.continueAs', { name: state.me.user.name })}
              </button>
            </div>
          )}
        </AuthForm>
      </div>
    );
  }
  if (state.phase === 'signed-out') {
    return (
      <div className="auth-screen">
        {state.status.needsSetup ? (
          <AuthForm key="setup" mode="setup" onSignedIn={onSignedIn} />
        ) : (
          <AuthForm key="signin" mode="signin" oidc={state.status.oidc} authError={authError} onSignedIn={onSignedIn} />
        )}
      </div>
    );
  }
  return (
    <SessionProvider value={{ me: state.me, renewals: auth.renewals, expire: auth.expire, signOut }}>
      <div className="session-page" inert={state.expired}>
        <Fragment key={state.me.user.id}>{children}</Fragment>
      </div>
      {state.expired && (
        <div className="auth-overlay" role="dialog" aria-modal="true" aria-label={t('auth.expiredTitle')}>
          <AuthForm mode="expired" defaultEmail={state.me.user.email} oidc={state.status.oidc} onSignedIn={onSignedIn} />
        </div>
      )}
    </SessionProvider>
  );
}
