import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { loadSecretKey } from './secrets';

describe('loadSecretKey', () => {
  it('generates a key once into the data folder, private to its owner, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-'));
    const config = loadConfig({ PARLEY_DATA_DIR: dir });
    const a = loadSecretKey(config);
    expect(a).toHaveLength(32);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(config).equals(a)).toBe(true);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toBe(a.toString('hex'));
  });

  it('derives the key from PARLEY_SECRET_KEY when set, the same on every instance', () => {
    const secret = 'x'.repeat(40);
    const one = loadSecretKey(loadConfig({ PARLEY_DATA_DIR: mkdtempSync(join(tmpdir(), 's1-')), PARLEY_SECRET_KEY: secret }));
    const two = loadSecretKey(loadConfig({ PARLEY_DATA_DIR: mkdtempSync(join(tmpdir(), 's2-')), PARLEY_SECRET_KEY: secret }));
    expect(one.equals(two)).toBe(true);
  });
});
