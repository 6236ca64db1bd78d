import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { RecordedRequest } from '../../agent/testing/mock-model-server';
import { columnsOf, normalizeValue } from '../../tools/sql/table-artifact';
import { createTestDatabase } from '../testing/databases';
import { createTestRole } from '../testing/roles';
import { startTestParley, type TestParley } from '../testing/harness';
import { DEFOG_BUSINESS_DBS, loadDefogDump, loadDefogQuestions } from './defog';
import { ask, isSqlWriterRequest } from './testing';

const questions = loadDefogQuestions();

/**
 * External check: defog's dumps and gold SQL (written by others). Each dump is a real Postgres
 * database registered through the API; the mock model replays each gold query as the SQL
 * writer's answer, and the table artifact must hold exactly what the gold query returns.
 * Connected datasources are Postgres servers, so this needs TEST_DATABASE_URL.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('defog gold queries through the whole pipeline', () => {
  let t: TestParley;
  const dbs: Record<string, { url: string; drop(): Promise<void> }> = {};
  const roles: { drop(): Promise<void> }[] = [];
  let currentGold = '';

  beforeAll(async () => {
    for (const name of DEFOG_BUSINESS_DBS) {
      dbs[name] = await createTestDatabase({ empty: true });
      await loadDefogDump(dbs[name].url, name);
    }
    // 124 questions in about a minute from one member: more than the default tier's messages a minute, as a script would.
    t = await startTestParley({ backend: 'postgres', env: { PARLEY_DEFAULT_TIER: 'enterprise' } });
    // Stateless script: the agent calls query_data with the user's words, the SQL writer answers with the gold query.
    t.mock!.setFallback((req: RecordedRequest) => {
      if (isSqlWriterRequest(req.body)) return { text: `\`\`\`sql\n${currentGold};\n\`\`\`` };
      const last = req.body.messages.at(-1)!;
      if (last.role === 'tool') return { text: 'Done.' };
      return { toolCalls: [{ name: 'query_data', args: { question: last.content } }] };
    });
    for (const name of DEFOG_BUSINESS_DBS) {
      const res = await t.fetch(`/api/datasources`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, kind: 'postgres', url: await readOnlyUrl(name) }) });
      expect(res.status).toBe(201);
    }
  }, 300_000);

  afterAll(async () => {
    await t?.destroy();
    for (const d of Object.values(dbs)) await d.drop();
    for (const r of roles) await r.drop();
  });

  /** Datasources connect as a read-only role (a superuser is refused); the gold query below still runs as the owner. */
  async function readOnlyUrl(name: string) {
    const role = await createTestRole(dbs[name].url);
    roles.push(role);
    return role.url;
  }

  it.each(questions.map((q, i) => [i, q.db, q.question.slice(0, 70), q] as const))('#%i %s: %s', async (_i, db, _q, q) => {
    currentGold = q.gold[0];
    const a = await ask(t, q.question, { datasource: db });
    expect(a.finished, a.finished?.error).toMatchObject({ ok: true });
    const c = new pg.Client({ connectionString: dbs[db].url });
    await c.connect();
    try {
      await c.query(`SET search_path = ${db === 'ewallet' ? 'consumer_div, public' : 'public'}`);
      const direct = await c.query({ text: currentGold, rowMode: 'array' });
      const cols = columnsOf(direct.fields);
      const want = (direct.rows as unknown[][]).map((r) => r.map((v, j) => normalizeValue(v, cols[j].kind, direct.fields[j].dataTypeID)));
      expect(a.table!.columns.map((x) => x.name)).toEqual(direct.fields.map((f) => f.name));
      // Without ORDER BY, row order is Postgres's choice and may differ between two runs.
      const ordered = /order\s+by/i.test(currentGold);
      const sorted = (rows: unknown[][]) => (ordered ? rows : [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))));
      expect(sorted(a.table!.rows)).toEqual(sorted(JSON.parse(JSON.stringify(want))));
      expect(a.table!.rowCount).toBe(want.length);
    } finally {
      await c.end();
    }
  });
});
