import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/store';

/**
 * Creates one migrated PGlite data folder before the tests; each test copies it instead of
 * initialising Postgres again (a fresh initdb costs seconds, a copy milliseconds).
 */
export default async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'parley-template-'));
  const store = await openStore({ dataDir: root });
  await store.close();
  process.env.PARLEY_TEST_TEMPLATE_DIR = root;
  if (process.env.TEST_DATABASE_URL) {
    process.stdout.write(`Postgres server leg: on (TEST_DATABASE_URL is set)\n`);
  } else {
    process.stdout.write('Postgres server leg: skipped (TEST_DATABASE_URL is not set; every test runs on PGlite)\n');
  }
  return () => rmSync(root, { recursive: true, force: true });
}
