import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';

/**
 * Parley's secret key (32 bytes): encrypts stored connection strings and signs download links.
 * From PARLEY_SECRET_KEY when set (required when several instances share one database);
 * otherwise generated once into the data folder, readable by its owner only.
 */
export function loadSecretKey(config: Pick<Config, 'dataDir' | 'env'>): Buffer {
  const fromEnv = config.env.PARLEY_SECRET_KEY;
  if (fromEnv) return createHash('sha256').update(fromEnv).digest();
  const file = join(config.dataDir, 'secret.key');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte hex key; delete it to make a new one (stored secrets will need re-entering)`);
    return key;
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
