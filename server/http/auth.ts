import { Router } from 'express';
import type pg from 'pg';
import type { Accounts } from '../auth/types';
import type { Members } from '../auth/members';
import { clearSessionCookie, identify, requestContext, requireRole, setSessionCookie, tokenFrom } from '../auth/http-auth';
import type { AuditSink } from '../audit/audit-log';

export interface AuthRouteDeps {
  accounts: Accounts;
  audit: AuditSink;
  /** Cookies get the Secure flag when Parley is reached over https (PARLEY_PUBLIC_URL). */
  secureCookies: boolean;
  /** The single sign-on button, when OpenID Connect is configured. */
  oidc?: () => { label: string; startUrl: string } | null;
}

/** Sign-up, sign-in, sign-out and the first-run status: the routes open to people not signed in. */
export function publicAuthRouter({ accounts, secureCookies, oidc }: AuthRouteDeps) {
  const router = Router();

  router.get('/auth/status', async (_req, res) => {
    res.json({ data: { needsSetup: await accounts.needsSetup(), oidc: oidc?.() ?? null } });
  });

  router.post('/auth/signup', async (req, res) => {
    const signedIn = await accounts.signup(req.body ?? {}, requestContext(req));
    setSessionCookie(res, signedIn, secureCookies);
    res.status(201).json({ data: { user: signedIn.user, token: signedIn.token } });
  });

  router.post('/auth/login', async (req, res) => {
    const signedIn = await accounts.login(req.body ?? {}, requestContext(req));
    setSessionCookie(res, signedIn, secureCookies);
    res.json({ data: { user: signedIn.user, token: signedIn.token } });
  });

  // Signing out works with any token, even one that no longer authenticates: the cookie is cleared regardless.
  router.post('/auth/logout', async (req, res) => {
    const found = tokenFrom(req);
    const who = found ? await accounts.authenticate(found.token) : undefined;
    if (who?.sessionId) await accounts.logout(who.sessionId);
    clearSessionCookie(res, secureCookies);
    res.json({ data: { signedOut: true } });
  });

  return router;
}

/** The signed-in member's own account. */
export function meRouter({ accounts, pool }: { accounts: Accounts; pool: pg.Pool }) {
  const router = Router();
  router.get('/me', async (req, res) => {
    const who = identify(req);
    const user = await accounts.user(who.userId);
    const { rows } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM workspaces WHERE id = $1', [who.workspaceId]);
    res.json({ data: { user, workspace: rows[0] } });
  });
  return router;
}

/** Members of the caller's workspace: admins list, invite, change roles and remove. */
export function membersRouter({ members }: { members: Members }) {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/members', admin, async (req, res) => {
    res.json({ data: await members.list(identify(req)) });
  });

  router.post('/members', admin, async (req, res) => {
    const r = await members.invite(identify(req), req.body ?? {}, requestContext(req).ip);
    res.status(201).json({ data: { member: r.member, invite: r.invite, expiresAt: r.expiresAt } });
  });

  router.patch('/members/:id', admin, async (req, res) => {
    res.json({ data: await members.changeRole(identify(req), String(req.params.id), req.body ?? {}, requestContext(req).ip) });
  });

  router.delete('/members/:id', admin, async (req, res) => {
    await members.remove(identify(req), String(req.params.id), requestContext(req).ip);
    res.status(204).end();
  });

  return router;
}
