import { hkdfSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

const ISSUER = 'parley';
const AUDIENCE = 'parley-session';

/** What a session token says: whose session it is. The session row decides whether it is still valid. */
export interface SessionClaims {
  userId: string;
  sessionId: string;
  workspaceId: string;
}

/** The session-token key, derived from Parley's secret key so it never doubles as another key. */
export function sessionKey(secretKey: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'parley session token v1', 32));
}

export function signSessionToken(key: Uint8Array, c: SessionClaims, expiresAt: Date): Promise<string> {
  return new SignJWT({ sid: c.sessionId, ws: c.workspaceId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(c.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key);
}

/** The claims of a valid, unexpired token signed with `key` (HS256 only); undefined otherwise. */
export async function readSessionToken(key: Uint8Array, token: string): Promise<SessionClaims | undefined> {
  if (token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
    if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.ws !== 'string') return undefined;
    return { userId: payload.sub, sessionId: payload.sid, workspaceId: payload.ws };
  } catch {
    return undefined;
  }
}
