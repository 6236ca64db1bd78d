import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';
import type { PendingSignIn } from './oidc-client';

/** The browser's half of a sign-in in progress: state, nonce, PKCE verifier and redirect URI, encrypted. */
export const OIDC_STATE_COOKIE = 'parley_oidc';
/** How long a person has at the provider before the sign-in must be started again. */
export const OIDC_STATE_TTL_SECONDS = 600;

const pendingSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  redirectUri: z.string().url(),
});

/** A key of its own for this cookie, derived from Parley's secret key, so no other use of that key can open it. */
export function oidcStateKey(secretKey: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secretKey, new Uint8Array(0), 'parley oidc sign-in state', 32));
}

/** Encrypts (A256GCM) what the callback needs; the browser can neither read nor change it. */
export async function sealPendingSignIn(pending: PendingSignIn, key: Uint8Array, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new EncryptJWT({ ...pending })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + OIDC_STATE_TTL_SECONDS)
    .encrypt(key);
}

/** The sign-in the cookie holds, or undefined when it is missing, tampered with, made with another key or expired. */
export async function openPendingSignIn(token: string | undefined, key: Uint8Array, now = new Date()): Promise<PendingSignIn | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtDecrypt(token, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'], currentDate: now, clockTolerance: 0 });
    const parsed = pendingSchema.safeParse(payload);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
