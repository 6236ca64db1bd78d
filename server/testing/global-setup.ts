import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { createDemoWarehouse } from '../datasources/demo-warehouse';
import { openStore } from '../store/store';
import { requirementsReport } from './requirements';

/**
 * Creates one migrated PGlite data folder, and one built demo warehouse folder, before the tests;
 * each test copies them instead of initialising Postgres again (a fresh initdb costs seconds, the
 * demo's build tens of seconds, a copy milliseconds).
 */
export default async function setup() {
  // Once per run, before anything starts: what is skipped and how to enable it (under CI=true, a failure).
  for (const line of requirementsReport()) process.stdout.write(`${line}\n`);
  const root = mkdtempSync(join(tmpdir(), 'parley-template-'));
  // Building the demo takes tens of seconds, minutes on a machine busy with other work: wait for it.
  const demo = createDemoWarehouse({ dir: join(root, 'demo'), log: pino({ level: 'silent' }), startTimeoutMs: 600_000 });
  // The demo builds in its own process while the store migrates here.
  const demoBuilt = demo.sql.query('SELECT 1 FROM demo.meta').finally(() => demo.close());
  const store = await openStore({ dataDir: root });
  await store.close();
  await demoBuilt;
  process.env.PARLEY_TEST_TEMPLATE_DIR = root;
  let dropTemplate = async () => undefined as void;
  if (process.env.TEST_DATABASE_URL) {
    // The same for the server leg: one migrated template database that tests copy (the demo stays embedded, in its own process).
    const base = process.env.TEST_DATABASE_URL;
    const name = `parley_template_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const server = await openStore({ databaseUrl: url.toString(), dataDir: root });
    await server.close();
    process.env.PARLEY_TEST_PG_TEMPLATE = name;
    dropTemplate = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
    process.stdout.write(`Postgres server leg: on (TEST_DATABASE_URL is set)\n`);
  } else {
    process.stdout.write('Postgres server leg: skipped (TEST_DATABASE_URL is not set; every test runs on PGlite)\n');
  }
  return async () => {
    rmSync(root, { recursive: true, force: true });
    await dropTemplate();
  };
}
