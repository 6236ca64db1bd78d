import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './secret-box';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const url = 'postgres://reader:s3cret@db.example.com:5432/sales';

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = seal(key, url);
    expect(sealed).not.toContain('s3cret');
    expect(seal(key, url)).not.toBe(sealed); // a fresh IV every time
    expect(open(key, sealed)).toBe(url);
  });

  it.each([
    ['a wrong key', (s: string) => ({ key: randomBytes(32), sealed: s })],
    ['a tampered ciphertext', (s: string) => ({ key, sealed: s.slice(0, -2) + (s.endsWith('A') ? 'BB' : 'AA') })],
    ['a value that is not sealed', () => ({ key, sealed: url })],
  ])('refuses %s', (_n, make) => {
    const { key: k, sealed } = make(seal(key, url));
    expect(() => open(k, sealed)).toThrow();
  });
});
