import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../agent/errors';
import { checkPassword, hashPassword, PASSWORD_MIN, verifyPassword } from './passwords';

const who = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

function refusal(password: string): string | undefined {
  try {
    checkPassword(password, who);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ParleyError);
    expect((e as ParleyError).code).toBe('auth:weak_password');
    return (e as ParleyError).userMessage;
  }
}

describe('password rules', () => {
  it('accepts a long password of unrelated words', () => {
    expect(refusal('violet tractor mango seventeen')).toBeUndefined();
  });

  it.each([
    ['too short', 'x7#kQ2', new RegExp(`at least ${PASSWORD_MIN}`)],
    ['a very common password', 'password123', /most commonly used/],
    ['a common password with digits added', 'qwertyuiop2024!', /most commonly used/],
    ['one character repeated', 'aaaaaaaaaaaaaa', /more than one or two/],
    ['the email address itself', 'ada.lovelace@example.com', /email address or name/],
    ['the name, spaced out', 'Ada Lovelace 1', /email address or name/],
    ['longer than the limit', 'x'.repeat(300), /at most 256/],
  ])('refuses %s', (_why, password, message) => {
    expect(refusal(password)).toMatch(message);
  });
});

describe('password hashing', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('violet tractor mango seventeen');
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored, 'violet tractor mango seventeen')).toBe(true);
    expect(await verifyPassword(stored, 'violet tractor mango seventeen ')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
