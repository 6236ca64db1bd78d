import { Router, type Request, type Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import type pg from 'pg';
import type { AuditSink } from '../audit/audit-log';
import type { Config } from '../config';
import { loadSecretKey } from '../secrets';
import { requestContext, setSessionCookie } from './http-auth';
import { admitOidcSignIn, type Admission } from './oidc-admission';
import { createOidcClient, oidcRefusal, refusalReason, type OidcClaims, type OidcClient, type OidcRefusal } from './oidc-client';
import { OIDC_STATE_COOKIE, OIDC_STATE_TTL_SECONDS, oidcStateKey, openPendingSignIn, sealPendingSignIn } from './oidc-state';
import type { Accounts } from './types';

export { oidcSettingsRouter } from './oidc-settings';
export { OIDC_REFUSALS, type OidcRefusal } from './oidc-client';

/** Where the router is mounted; the provider sends people back to `${origin}${OIDC_PATH}/callback`. */
export const OIDC_PATH = '/api/auth/oidc';

/** The single sign-on button for GET /api/auth/status, or null when OIDC is not configured. */
export function oidcStatus(config: Pick<Config, 'oidc'>): { label: string; startUrl: string } | null {
  return config.oidc ? { label: config.oidc.label, startUrl: `${OIDC_PATH}/start` } : null;
}

export interface OidcRouterDeps {
  accounts: Accounts;
  pool: pg.Pool;
  config: Config;
  audit: AuditSink;
  /** The relying party; by default one for config.oidc. */
  client?: OidcClient;
}

/**
 * GET /start sends the browser to the provider (code flow, PKCE S256, state and nonce sealed in a
 * short-lived cookie); GET /callback checks the answer, decides who it is (oidc-admission.ts),
 * starts a session with the same cookie as a password sign-in and goes to '/'. A refusal goes to
 * `/?auth_error=<reason>` (see OIDC_REFUSALS). Its paths are whole (`/auth/oidc/start`), so the
 * route list the isolation test walks names them: mount it on /api, before the sign-in check.
 */
export function oidcRouter(deps: OidcRouterDeps): Router {
  const { config, audit } = deps;
  const client = deps.client ?? (config.oidc ? createOidcClient(config.oidc) : undefined);
  const key = oidcStateKey(loadSecretKey(config));
  const secure = config.publicUrl?.startsWith('https:') ?? false;
  const router = Router();

  const stateCookie = (value: string, maxAge: number) =>
    serialize(OIDC_STATE_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure, path: OIDC_PATH, maxAge });

  const redirectUri = (req: Request): string => {
    if (config.publicUrl) return `${config.publicUrl.replace(/\/+$/, '')}${OIDC_PATH}/callback`;
    try {
      return new URL(`${OIDC_PATH}/callback`, `${req.protocol}://${req.get('host')}`).href;
    } catch {
      throw oidcRefusal('provider_error', `the request's Host ${String(req.get('host')).slice(0, 100)} makes no redirect URI`);
    }
  };

  const refuse = async (req: Request, res: Response, e: unknown, known?: Partial<OidcClaims>) => {
    const reason = refusalReason(e) as OidcRefusal;
    const who = await knownUser(deps.pool, known);
    // claimedEmail, not email: a refusal here must not count towards the password lockout of the account that address names.
    // `why` is the internal account (a provider's error, a discovery failure): admins read it in the audit log to fix the set-up.
    const why = e instanceof Error ? e.message.slice(0, 300) : undefined;
    await audit.record({
      workspaceId: who?.workspace_id ?? null,
      userId: who?.id ?? null,
      action: 'auth.sign_in_failed',
      target: who?.id ?? null,
      detail: { method: 'oidc', reason, why, ...(known?.email ? { claimedEmail: known.email } : {}), ...(known?.issuer ? { issuer: known.issuer, subject: known.subject } : {}) },
      ip: requestContext(req).ip ?? null,
    });
    res.set('cache-control', 'no-store').redirect(302, `/?auth_error=${reason}`);
  };

  router.get('/auth/oidc/start', async (req, res) => {
    if (!client) throw oidcRefusal('oidc_disabled');
    try {
      const { url, pending } = await client.begin(redirectUri(req));
      res.append('set-cookie', stateCookie(await sealPendingSignIn(pending, key), OIDC_STATE_TTL_SECONDS));
      res.set('cache-control', 'no-store').redirect(302, url.href);
    } catch (e) {
      if (!refusalReason(e)) throw e;
      await refuse(req, res, e);
    }
  });

  router.get('/auth/oidc/callback', async (req, res) => {
    if (!client) throw oidcRefusal('oidc_disabled');
    // One use: whatever happens next, this browser's sign-in state is spent.
    res.append('set-cookie', stateCookie('', 0));
    let claims: OidcClaims | undefined;
    try {
      const pending = await openPendingSignIn(parseCookies(req.headers.cookie ?? '')[OIDC_STATE_COOKIE], key);
      if (!pending) throw oidcRefusal('state_missing', 'no valid sign-in state cookie on the callback');
      claims = await client.finish(new URL(req.originalUrl, 'http://callback.invalid'), pending);
      const admission = await admitOidcSignIn(deps.pool, claims);
      const signedIn = await deps.accounts.startSession(admission.userId, 'oidc', requestContext(req)).catch((e: unknown) => {
        // Removed between the admission and now.
        throw oidcRefusal('account_removed', `startSession refused ${admission.userId}: ${(e as Error).message}`, e);
      });
      setSessionCookie(res, signedIn, secure);
      await recordSignIn(audit, admission, claims, requestContext(req).ip ?? null);
      res.set('cache-control', 'no-store').redirect(302, '/');
    } catch (e) {
      if (!refusalReason(e)) throw e;
      await refuse(req, res, e, claims);
    }
  });

  return router;
}

async function knownUser(pool: pg.Pool, claims?: Partial<OidcClaims>) {
  if (!claims?.issuer || !claims.subject) return undefined;
  const { rows } = await pool.query<{ id: string; workspace_id: string }>(
    'SELECT u.id, u.workspace_id FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.issuer = $1 AND i.subject = $2',
    [claims.issuer, claims.subject],
  );
  return rows[0];
}

async function recordSignIn(audit: AuditSink, a: Admission, claims: OidcClaims, ip: string | null) {
  const base = { workspaceId: a.workspaceId, userId: a.userId, target: a.userId, ip };
  if (a.how === 'joined_by_domain') await audit.record({ ...base, action: 'member.joined', detail: { email: claims.email, role: a.role, via: 'oidc_domain' } });
  if (a.how !== 'linked') await audit.record({ ...base, action: 'auth.identity_linked', detail: { issuer: claims.issuer, subject: claims.subject, email: claims.email } });
  await audit.record({ ...base, action: 'auth.signed_in', detail: { method: 'oidc', email: claims.email?.toLowerCase(), issuer: claims.issuer } });
}
