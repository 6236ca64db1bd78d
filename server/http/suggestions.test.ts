import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, sendOk, startTestParley, type TestParley } from '../testing/harness';
import { questionsFromCatalog } from './suggestions';
import { demoHandle } from '../datasources/testing';

describe('questionsFromCatalog', () => {
  it.each([
    ['a measure by category', [['sales', 'region', 'text'], ['sales', 'revenue', 'double precision']], 'What is the total revenue of sales by region?'],
    ['a measure over time', [['orders', 'amount', 'numeric'], ['orders', 'ordered_at', 'date']], 'How did the total amount of orders change by month?'],
    ['ids are not measures', [['users', 'user_id', 'integer'], ['users', 'country', 'text']], 'How many users are there for each country?'],
    ['a bare table', [['events', 'id', 'text']], 'How many events are there?'],
  ])('asks about %s', (_name, cols, question) => {
    const catalog = cols.map(([table, column, type]) => ({ table, column, type }));
    expect(questionsFromCatalog(catalog, 1)).toEqual([question]);
  });

  it('varies the shapes and asks about each table once, within the limit', () => {
    const catalog = [
      { table: 'sales', column: 'region', type: 'text' },
      { table: 'sales', column: 'revenue', type: 'numeric' },
      { table: 'sales', column: 'sold_at', type: 'date' },
      { table: 'payments', column: 'amount', type: 'numeric' },
      { table: 'payments', column: 'paid_at', type: 'timestamp with time zone' },
      { table: 'notes', column: 'kind', type: 'text' },
    ];
    expect(questionsFromCatalog(catalog, 4)).toEqual([
      'What is the total revenue of sales by region?',
      'How did the total amount of payments change by month?',
      'How many notes are there for each kind?',
    ]);
    expect(questionsFromCatalog(catalog, 2)).toHaveLength(2);
  });
});

describe.each(STORE_BACKENDS)('GET /api/suggestions on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('builds questions from the real tables of the datasource, and the offline planner answers each with a table', async () => {
    const res = await t.fetch(`/api/suggestions?limit=4`);
    const body = (await res.json()) as { data: { datasource: { name: string }; questions: string[] } };
    expect(res.status).toBe(200);
    expect(body.data.questions).toHaveLength(4);
    const { rows } = await (await demoHandle(t)).sql.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo'`);
    const tables = rows.map((r) => r.table_name.replace(/_/g, ' '));
    const s = await t.client();
    const rec = recordEvents(s);
    for (const question of body.data.questions) {
      expect(tables.some((name) => question.includes(name))).toBe(true);
      const ack = await sendOk(s, { text: question });
      await rec.terminal(ack.data.runId);
      const events = rec.ofRun(ack.data.runId);
      expect(events.find((e) => e.type === 'tool:finished')).toMatchObject({ ok: true });
      expect(events.some((e) => e.type === 'artifact' && e.kind === 'table')).toBe(true);
    }
  });

  it('rejects a bad limit with a coded error', async () => {
    const res = await t.fetch(`/api/suggestions?limit=99`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('input:invalid');
  });
});
