import { useCallback, useEffect, useRef, useState } from 'react';
import { drafts } from '../hooks/use-draft';
import { ApiError, api, onApiFailure } from '../lib/api';
import type { AuthStatus, Me } from './types';

export type AuthState =
  | { phase: 'loading' }
  /** The server could not say whether anyone is signed in (down, unreachable). */
  | { phase: 'unavailable'; error: ApiError }
  | { phase: 'signed-out'; status: AuthStatus }
  /** `expired`: the session ended while the page was open; the page stays, a sign-in form covers it. */
  | { phase: 'signed-in'; status: AuthStatus; me: Me; expired: boolean };

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError('internal', String(e), 0));

/**
 * Who is signed in, from `GET /api/auth/status` and `GET /api/me`. While signed in, any API call
 * answering `auth:required` (or `expire()`, for the socket) marks the session expired;
 * `renewals` counts the times it was renewed, so the page can reconnect and reload what failed.
 */
export function useAuth() {
  const [state, setState] = useState<AuthState>({ phase: 'loading' });
  const [renewals, setRenewals] = useState(0);
  const statusRef = useRef<AuthStatus | null>(null);

  const load = useCallback(async (): Promise<AuthState> => {
    try {
      const status = await api<AuthStatus>('/auth/status');
      statusRef.current = status;
      if (status.needsSetup) return { phase: 'signed-out', status };
      const me = await api<Me>('/me').catch((e: unknown) => {
        if (e instanceof ApiError && e.authRequired) return null;
        throw e;
      });
      if (!me) return { phase: 'signed-out', status };
      // Before the page renders: it must never show someone else's drafts.
      drafts.claim(me.user.id);
      return { phase: 'signed-in', status, me, expired: false };
    } catch (e) {
      return { phase: 'unavailable', error: asApiError(e) };
    }
  }, []);

  const reload = useCallback(async () => {
    setState({ phase: 'loading' });
    setState(await load());
  }, [load]);

  useEffect(() => {
    let live = true;
    void load().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [load]);

  const signedIn = state.phase === 'signed-in';
  const expire = useCallback(() => setState((s) => (s.phase === 'signed-in' && !s.expired ? { ...s, expired: true } : s)), []);
  useEffect(() => {
    if (!signedIn) return;
    return onApiFailure((e) => e.authRequired && expire());
  }, [signedIn, expire]);

  /** A sign-in or sign-up succeeded (the server set the cookie): read who it is. */
  const completeSignIn = useCallback(async () => {
    const wasExpired = state.phase === 'signed-in' && state.expired;
    const me = await api<Me>('/me');
    const status = statusRef.current ?? { needsSetup: false, oidc: null };
    const next = { ...status, needsSetup: false };
    statusRef.current = next;
    drafts.claim(me.user.id);
    setState({ phase: 'signed-in', status: next, me, expired: false });
    if (wasExpired) setRenewals((n) => n + 1);
  }, [state]);

  /** Ends the session on the server, then shows the sign-in form. */
  const signOut = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' }).catch((e: unknown) => {
      // Already signed out on the server: that is what was asked.
      if (!(e instanceof ApiError && e.authRequired)) throw e;
    });
    setState(await load());
  }, [load]);

  return { state, renewals, reload, expire, completeSignIn, signOut };
}
