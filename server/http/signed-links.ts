import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed link grants: one artifact, in one form, until a time. */
export interface SignedLinkClaim {
  /** What the link serves, e.g. `csv` or `png`; a link for one never opens another. */
  purpose: string;
  artifactId: string;
  /** Seconds since the epoch after which the link no longer works. */
  expires: number;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'expired' | 'bad_signature' };

function mac(key: Buffer, c: SignedLinkClaim): Buffer {
  return createHmac('sha256', key).update(`parley-link\n${c.purpose}\n${c.artifactId}\n${c.expires}`).digest();
}

/** The signature (base64url HMAC-SHA256 over purpose, artifact and expiry) for a download link. */
export function signLink(key: Buffer, claim: SignedLinkClaim): string {
  return mac(key, claim).toString('base64url');
}

/** Checks a link's signature first (so a forged expiry is a bad signature), then its expiry. */
export function verifyLink(key: Buffer, claim: SignedLinkClaim, signature: string, now: Date = new Date()): LinkCheck {
  const expected = mac(key, claim);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (now.getTime() / 1000 > claim.expires) return { ok: false, reason: 'expired' };
  return { ok: true };
}

/** The query string of a signed link (`expires` and `sig`). */
export function signedQuery(key: Buffer, claim: SignedLinkClaim): string {
  return `expires=${claim.expires}&sig=${signLink(key, claim)}`;
}

/** The absolute URL of an artifact's CSV download, valid for `ttlSeconds`. */
export function csvDownloadUrl(o: { key: Buffer; baseUrl: string; artifactId: string; ttlSeconds: number; now?: Date }): string {
  const expires = Math.floor((o.now ?? new Date()).getTime() / 1000) + o.ttlSeconds;
  const claim = { purpose: 'csv', artifactId: o.artifactId, expires };
  return `${o.baseUrl.replace(/\/+$/, '')}/api/downloads/artifacts/${encodeURIComponent(o.artifactId)}.csv?${signedQuery(o.key, claim)}`;
}
