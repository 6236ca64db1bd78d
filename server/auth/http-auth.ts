import type { IncomingMessage } from 'node:http';
import { parse as parseCookies, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { ParleyError } from '../../agent/errors';
import { roleAtLeast, type Identity, type Role } from '../identity';
import type { OriginPolicy } from '../http/origin-check';
import { SESSION_COOKIE, type Accounts, type RequestContext, type SignedIn } from './types';

const IDENTITY = Symbol('parley.identity');
type AuthedRequest = Request & { [IDENTITY]?: Identity };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authRequired(message = 'Sign in to Parley first (the session cookie, or Authorization: Bearer <token>).'): ParleyError {
  return new ParleyError('auth:required', { status: 401, userMessage: message });
}

/** The session token a request carries: `Authorization: Bearer …` first, then the session cookie. */
export function tokenFrom(req: Pick<IncomingMessage, 'headers'>): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? { token: m[1], via: 'bearer' } : undefined;
  }
  const cookie = req.headers.cookie ? parseCookies(req.headers.cookie)[SESSION_COOKIE] : undefined;
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

export function requestContext(req: Request): RequestContext {
  return { ip: req.ip ?? req.socket.remoteAddress, userAgent: req.get('user-agent') };
}

/**
 * Every route after this one needs a signed-in member: 401 `auth:required` otherwise. A request
 * that changes something with only the cookie must also come from Parley's own page (an allowed
 * Origin, or Referer when a browser sends no Origin): a form on another site that the browser
 * sends with the cookie is refused, whatever its content type.
 */
export function authenticate(accounts: Accounts, origins: OriginPolicy): RequestHandler & { parleyAuthenticate: true } {
  const check: RequestHandler = (req, _res, next) => {
    const found = tokenFrom(req);
    if (!found) return next(authRequired());
    if (found.via === 'cookie' && !SAFE_METHODS.has(req.method) && !sameSite(req, origins)) {
      return next(new ParleyError('origin:forbidden', { status: 403, userMessage: 'A request that changes data with the session cookie must come from Parley\'s own page (its Origin header was missing or another site\'s).' }));
    }
    accounts.authenticate(found.token).then((who) => {
      if (!who) return next(authRequired('Your session has ended or is not valid; sign in again.'));
      (req as AuthedRequest)[IDENTITY] = who;
      next();
    }, next);
  };
  return Object.assign(check, { parleyAuthenticate: true as const });
}

function sameSite(req: Request, origins: OriginPolicy): boolean {
  if (req.headers.origin !== undefined) return origins.allows(req);
  const referer = req.headers.referer;
  if (!referer) return false;
  try {
    return origins.allows({ headers: { ...req.headers, origin: new URL(referer).origin } });
  } catch {
    return false;
  }
}

/** The signed-in caller (only behind `authenticate`). */
export function identify(req: Request): Identity {
  const who = (req as AuthedRequest)[IDENTITY];
  if (!who) throw authRequired();
  return who;
}

/** The role a route needs, readable by the route-enumerating isolation test. */
export type RoleGuard = RequestHandler & { parleyRole: Role };

/** Refuses with 403 `auth:forbidden` a member whose role is below `role`. */
export function requireRole(role: Role): RoleGuard {
  const guard: RequestHandler = (req, _res, next) => {
    const who = identify(req);
    if (roleAtLeast(who.role, role)) return next();
    next(new ParleyError('auth:forbidden', { status: 403, userMessage: `This needs the ${role} role; you are ${who.role === 'admin' ? 'an' : 'a'} ${who.role}. Ask an admin of your workspace.` }));
  };
  return Object.assign(guard, { parleyRole: role });
}

/** The session cookie: HttpOnly (scripts never see it), SameSite=Lax, Secure behind https. */
export function setSessionCookie(res: Response, s: Pick<SignedIn, 'token' | 'expiresAt'>, secure: boolean) {
  res.append(
    'set-cookie',
    serialize(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: s.expiresAt, maxAge: Math.max(0, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000)) }),
  );
}

export function clearSessionCookie(res: Response, secure: boolean) {
  res.append('set-cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 }));
}
