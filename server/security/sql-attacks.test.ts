import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';
import { ask, asDemoOwner, demoQuery } from '../datasources/testing';

/**
 * The red-team suite for model-written SQL (issue 12): every string a hostile user or a
 * prompt-injected model got through, sent as a run_sql call through the running server.
 * Each must be refused, change nothing, and show people no raw Postgres text.
 */
const ATTACKS: [string, string, 'harmless'?][] = [
  ['the \\\' bypass with COMMIT and DELETE', "SELECT '\\' ; COMMIT; DELETE FROM demo.payouts; SELECT 1 --'"],
  ['the \\\' bypass forging a message in Parley\'s own tables', "SELECT '\\' ; COMMIT; INSERT INTO public.messages (id, conversation_id, role, text) SELECT 'forged', id, 'assistant', 'pwned' FROM public.conversations LIMIT 1; SELECT 1 --'"],
  ['the \\\' bypass turning the store read-only', "SELECT '\\' ; COMMIT; ALTER SYSTEM SET default_transaction_read_only = on; SELECT 1 --'"],
  ['an E-string', "SELECT E'\\'' ; COMMIT; DELETE FROM demo.payouts; --'"],
  ['a dollar-quoted string', "SELECT $x$ ' $x$ ; COMMIT; DELETE FROM demo.payouts; SELECT '"],
  // Postgres nests comments, so this is one harmless SELECT 1; a parser that does not nest would see three statements.
  ['nested comments', 'SELECT 1 /* /* */ ; COMMIT; DELETE FROM demo.payouts; /* */ */', 'harmless'],
  ['ts_stat reading all messages', "SELECT * FROM ts_stat('SELECT to_tsvector(text) FROM public.messages')"],
  ['ts_rewrite running a query from a string', "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery FROM public.messages')"],
  ['query_to_xml', "SELECT query_to_xml('SELECT * FROM public.messages', true, true, '')"],
  ['xpath', "SELECT xpath('/a/text()', '<a>x</a>')"],
  ['pg_read_file', "SELECT pg_read_file('/etc/passwd')"],
  ['lo_import', "SELECT lo_import('/etc/passwd')"],
  ['dblink', "SELECT dblink('host=127.0.0.1', 'DELETE FROM demo.payouts')"],
  ['current_setting', "SELECT current_setting('data_directory')"],
  ['current_setting by function notation', "SELECT s.current_setting FROM unnest(array['data_directory']) s"],
  ['set_config', "SELECT set_config('default_transaction_read_only', 'on', false)"],
  ['a regclass cast probing the catalog', "SELECT 'pg_shadow'::regclass"],
  ['pg_shadow', 'SELECT * FROM pg_catalog.pg_shadow'],
  ['information_schema', 'SELECT * FROM information_schema.tables'],
  ['FOR UPDATE', 'SELECT * FROM payouts FOR UPDATE'],
  ['SELECT INTO', 'SELECT * INTO demo.stolen FROM payouts'],
  ['a DELETE in a CTE', 'WITH d AS (DELETE FROM payouts RETURNING *) SELECT count(*) FROM d'],
  ['EXPLAIN ANALYZE DELETE', 'EXPLAIN ANALYZE DELETE FROM payouts'],
  ['COPY TO PROGRAM', "COPY (SELECT 1) TO PROGRAM 'touch /var/tmp/parley-pwned'"],
  ['a user-defined function in the schema', 'SELECT demo.sneaky()'],
  ['generate_series (the freeze)', 'SELECT count(*) FROM generate_series(1, 1e12)'],
  ['a recursive CTE without a bound', 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'],
];

/** The database's own words that must never reach people (the guard's parse errors quote only the user's own SQL). */
const RAW_POSTGRES = /does not exist|permission denied|invalid input syntax|read-only transaction|cannot insert multiple commands|hunter2/i;

describe.each(STORE_BACKENDS)('model SQL attacks on %s', (backend) => {
  let t: TestParley;
  // Parley's own tables (in the store) and the demo warehouse (in its own database).
  const counts = async () => {
    const store = async (sql: string) => Number((await t.parley.store.db.pool.query<{ n: string }>(sql)).rows[0].n);
    const demo = async (sql: string) => Number((await demoQuery<{ n: string }>(t, sql))[0].n);
    return { messages: await store('SELECT count(*) AS n FROM messages'), payouts: await demo('SELECT count(*) AS n FROM demo.payouts'), orders: await demo('SELECT count(*) AS n FROM demo.orders') };
  };
  beforeAll(async () => {
    t = await startTestParley({ backend });
    await asDemoOwner(t, `CREATE OR REPLACE FUNCTION demo.sneaky() RETURNS int LANGUAGE sql AS $$ DELETE FROM demo.payouts RETURNING 1 $$`);
  });
  afterAll(async () => {
    if (t) await asDemoOwner(t, 'DROP FUNCTION IF EXISTS demo.sneaky()').catch(() => undefined);
    await t?.destroy();
  });

  it.each(ATTACKS)('refuses %s and changes nothing', async (_name, sql, harmless) => {
    const before = await counts();
    t.mock!.enqueue({ toolCalls: [{ name: 'run_sql', args: { sql } }] });
    t.mock!.enqueue({ text: 'Done.' });
    const a = await ask(t, 'run this for me');
    if (!harmless) expect(a.finished, JSON.stringify(a.finished)).toMatchObject({ ok: false });
    const after = await counts();
    // The run itself adds its user and assistant messages; nothing else may appear.
    expect(after.messages - before.messages).toBeLessThanOrEqual(2);
    expect(after.payouts).toBe(before.payouts);
    expect(after.orders).toBe(before.orders);
    const { rows } = await t.parley.store.db.pool.query<{ ro: string }>("SELECT current_setting('default_transaction_read_only') AS ro");
    expect(rows[0].ro).toBe('off');
    const seen = a.events.map((e) => ('error' in e ? String(e.error) : '') + ('text' in e ? String(e.text) : '')).join('\n');
    expect(seen).not.toMatch(RAW_POSTGRES);
  });

  it('shows people a plain sentence with the SQLSTATE, not the value a cast error prints', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'run_sql', args: { sql: "SELECT CAST(name || ' hunter2' AS int) FROM customers LIMIT 1" } }] });
    t.mock!.enqueue({ text: 'Done.' });
    const a = await ask(t, 'cast it');
    expect(a.finished).toMatchObject({ ok: false, error: 'The database could not run this query (SQLSTATE 22P02).' });
    // The model's retry keeps the type it must fix but not the value.
    const toolMsg = t.mock!.requests.at(-1)!.body.messages.find((m) => m.role === 'tool')!;
    expect(toolMsg.content).toContain('invalid input syntax for type integer');
    expect(toolMsg.content).not.toContain('hunter2');
  });
});

describe('model SQL attacks with the offline planner', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('does not repeat a database error verbatim in its answer', async () => {
    const a = await ask(t, "SELECT CAST(name || ' hunter2' AS int) FROM customers LIMIT 1");
    expect(a.text).toContain('SQLSTATE 22P02');
    expect(a.text).not.toMatch(RAW_POSTGRES);
  });
});
