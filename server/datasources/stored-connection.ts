import type { TlsText } from './connection-url';
import { open, seal } from './secret-box';

/**
 * What is sealed in `datasources.url_encrypted`: the URL, the uploaded certificates (a private key
 * is as secret as a password) and the outcome of the role check. Rows from before the role check
 * hold the bare URL; they read back with `role: 'unchecked'` and are checked on first use.
 */
export interface StoredConnection {
  url: string;
  tls?: TlsText;
  /** 'read_only': the check passed; 'override': it failed and an admin let it through; 'unchecked': stored before the check existed. */
  role: 'read_only' | 'override' | 'unchecked';
}

export function sealConnection(key: Buffer, c: StoredConnection): string {
  return seal(key, JSON.stringify({ v: 2, ...c }));
}

export function openConnection(key: Buffer, sealed: string): StoredConnection {
  const text = open(key, sealed);
  if (!text.startsWith('{')) return { url: text, role: 'unchecked' };
  const j = JSON.parse(text) as StoredConnection & { v: number };
  return { url: j.url, tls: j.tls, role: j.role };
}
