import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { ParleyError } from '../../agent/errors';

export const PASSWORD_MIN = 10;
// argon2 hashes anything, but a megabyte password would make each sign-in attempt costly.
export const PASSWORD_MAX = 256;

// The 49k most common passwords (zxcvbn-ts, MIT), lower-cased, looked up in a Set.
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary as unknown as Record<string, string[]>)['passwords-common'].map((p) => p.toLowerCase()));
  return common;
}

function weak(userMessage: string): ParleyError {
  return new ParleyError('auth:weak_password', { status: 400, userMessage });
}

/**
 * Refuses a password people or scripts would guess: shorter than PASSWORD_MIN, one of the most
 * common passwords (also with digits or punctuation added at the end), one character repeated,
 * or the account's own email or name.
 */
export function checkPassword(password: string, who: { email: string; name?: string }): void {
  if (password.length < PASSWORD_MIN) throw weak(`password: use at least ${PASSWORD_MIN} characters (a few unrelated words are easy to remember).`);
  if (password.length > PASSWORD_MAX) throw weak(`password: use at most ${PASSWORD_MAX} characters.`);
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (commonPasswords().has(lower) || (stem.length >= 4 && commonPasswords().has(stem))) {
    throw weak('password: this is one of the most commonly used passwords; choose another.');
  }
  if (new Set(lower).size <= 2) throw weak('password: use more than one or two different characters.');
  const local = who.email.toLowerCase().split('@')[0];
  const name = (who.name ?? '').toLowerCase().replace(/\s+/g, '');
  const bare = lower.replace(/[\s\d\W_]+/gu, '');
  if ((local.length >= 3 && bare === local.replace(/[\d\W_]+/gu, '')) || lower === who.email.toLowerCase() || (name.length >= 3 && bare === name)) {
    throw weak('password: do not use your email address or name as the password.');
  }
}

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so a miss costs as long as a wrong password.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hash('parley-decoy-password-never-used');
  return decoy;
}
