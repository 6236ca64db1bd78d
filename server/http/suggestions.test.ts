import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';
import { questionsFromCatalog } from './suggestions';

describe('questionsFromCatalog', () => {
  it.each([
    ['a measure over time', [['orders', 'amount', 'numeric'], ['orders', 'ordered_at', 'date']], 'How did the total amount in orders change by month (by ordered at)?'],
    ['a measure by category', [['sales', 'region', 'text'], ['sales', 'revenue', 'double precision']], 'Which region has the highest total revenue in sales?'],
    ['ids are not measures', [['users', 'user_id', 'integer'], ['users', 'country', 'text']], 'How many users are there for each country?'],
    ['a bare table', [['events', 'id', 'text']], 'How many events are there?'],
  ])('asks about %s', (_name, cols, question) => {
    const catalog = cols.map(([table, column, type]) => ({ table, column, type }));
    expect(questionsFromCatalog(catalog, 4)).toEqual([question]);
  });

  it('asks the richest questions first', () => {
    const catalog = [
      { table: 'notes', column: 'kind', type: 'text' },
      { table: 'notes', column: 'body2', type: 'text' },
      { table: 'notes', column: 'body3', type: 'text' },
      { table: 'payments', column: 'amount', type: 'numeric' },
      { table: 'payments', column: 'paid_at', type: 'timestamp with time zone' },
    ];
    expect(questionsFromCatalog(catalog, 1)).toEqual(['How did the total amount in payments change by month (by paid at)?']);
  });

  it('asks at most one question per table and no more than the limit', () => {
    const catalog = ['a', 'b', 'c'].flatMap((t) => [{ table: t, column: 'x', type: 'integer' }, { table: t, column: 'kind', type: 'text' }]);
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

  it('builds questions from the real tables of the datasource', async () => {
    await t.parley.store.db.pool.query('CREATE TABLE shop_orders (id serial, region text, total_amount numeric, placed_on date)');
    const res = await fetch(`${t.url}/api/suggestions`);
    const body = (await res.json()) as { data: { questions: string[] } };
    expect(res.status).toBe(200);
    expect(body.data.questions.length).toBeGreaterThan(0);
    expect(body.data.questions.join('\n')).toContain('How did the total amount in shop orders change by month (by placed on)?');
  });

  it('rejects a bad limit with a coded error', async () => {
    const res = await fetch(`${t.url}/api/suggestions?limit=99`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('input:invalid');
  });
});
