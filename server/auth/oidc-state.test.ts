import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OIDC_STATE_TTL_SECONDS, oidcStateKey, openPendingSignIn, sealPendingSignIn } from './oidc-state';

const pending = { state: 'st-123', nonce: 'no-456', codeVerifier: 'v'.repeat(43), redirectUri: 'http://127.0.0.1:3000/api/auth/oidc/callback' };
const key = oidcStateKey(randomBytes(32));
const at = new Date('2030-01-01T00:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('the sign-in state cookie', () => {
  it('gives back what was sealed, within its lifetime', async () => {
    const sealed = await sealPendingSignIn(pending, key, at);
    expect(await openPendingSignIn(sealed, key, later(OIDC_STATE_TTL_SECONDS - 1))).toEqual(pending);
  });

  it('does not show the state, nonce or verifier to the browser', async () => {
    const sealed = await sealPendingSignIn(pending, key, at);
    const readable = sealed.split('.').map((p) => Buffer.from(p, 'base64url').toString('latin1')).join(' ');
    for (const secret of [pending.state, pending.nonce, pending.codeVerifier, 'callback']) expect(readable).not.toContain(secret);
  });

  it('is refused once expired', async () => {
    const sealed = await sealPendingSignIn(pending, key, at);
    expect(await openPendingSignIn(sealed, key, later(OIDC_STATE_TTL_SECONDS + 1))).toBeUndefined();
  });

  it('is refused under another secret key', async () => {
    const sealed = await sealPendingSignIn(pending, key, at);
    expect(await openPendingSignIn(sealed, oidcStateKey(randomBytes(32)), at)).toBeUndefined();
  });

  it('derives its own key: the secret key itself does not open it', async () => {
    const secret = randomBytes(32);
    const sealed = await sealPendingSignIn(pending, oidcStateKey(secret), at);
    expect(await openPendingSignIn(sealed, new Uint8Array(secret), at)).toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['garbage', 'not-a-token'],
    ['an unsigned JWT', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(pending)).toString('base64url')}.`],
  ])('is refused when %s', async (_what, token) => {
    expect(await openPendingSignIn(token, key, at)).toBeUndefined();
  });

  it('is refused when one byte of the ciphertext is changed', async () => {
    const parts = (await sealPendingSignIn(pending, key, at)).split('.');
    const bytes = Buffer.from(parts[3], 'base64url');
    bytes[0] ^= 1;
    parts[3] = bytes.toString('base64url');
    expect(await openPendingSignIn(parts.join('.'), key, at)).toBeUndefined();
  });
});
