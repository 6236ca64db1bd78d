import { describe, expect, it } from 'vitest';
import { guardSql } from './sql-guard';
import { SHOP_CATALOG } from './testing/shop-catalog';

const guard = (sql: string) => guardSql(sql, SHOP_CATALOG, ['shop']);

describe('guardSql', () => {
  it.each([
    ['a plain select', 'SELECT order_id, order_date FROM orders'],
    ['a trailing semicolon', 'SELECT count(*) FROM orders;'],
    ['schema-qualified tables', 'SELECT c.region, sum(l.revenue) AS total FROM shop.order_lines l JOIN shop.orders o ON o.order_id = l.order_id JOIN shop.customers c ON c.customer_id = o.customer_id GROUP BY 1'],
    ['a CTE and its aliases', 'WITH t AS (SELECT customer_id, count(*) AS n FROM orders GROUP BY 1) SELECT n, count(*) FROM t GROUP BY n ORDER BY n'],
    ['a subquery in WHERE', 'SELECT name FROM customers WHERE customer_id IN (SELECT customer_id FROM orders WHERE status = \'cancelled\')'],
    ['an alias in ORDER BY', 'SELECT region, count(*) AS customers_n FROM customers GROUP BY region ORDER BY customers_n DESC LIMIT 3'],
    ['date functions', "SELECT date_trunc('month', order_date) AS m, count(*) FROM orders WHERE order_date >= current_date - interval '30 days' GROUP BY 1"],
    ['window functions', 'SELECT customer_id, rank() OVER (ORDER BY count(*) DESC) FROM orders GROUP BY customer_id'],
    ['pg_catalog-qualified built-ins and SQL-syntax functions', "SELECT pg_catalog.lower(name), extract(year FROM signup_date), substring(name FROM 1 FOR 2), trim(both ' ' FROM name), coalesce(region, '?'), nullif(segment, ''), greatest(1, 2) FROM customers"],
    ['casts to plain types', "SELECT customer_id::text, CAST(signup_date AS timestamp), '2024-01-01'::date, 1::double precision, '{1}'::int[] FROM customers"],
    ['a backslash inside an ordinary string (standard_conforming_strings)', "SELECT count(*) FROM customers WHERE name <> 'a\\'"],
    ['a UNION and a subquery alias with renamed columns', 'SELECT x.n FROM (SELECT customer_id FROM customers UNION SELECT customer_id FROM orders) x(n)'],
    ['unnest with an alias', "SELECT u.v FROM unnest(array['a', 'b']) AS u(v)"],
    ['percentile_cont within group', 'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY revenue) FROM order_lines'],
    ['a correlated subquery naming the outer alias', 'SELECT c.name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)'],
    ['current_date and now()', 'SELECT count(*) FROM orders WHERE order_date < current_date AND order_date < now()'],
    ['every month, also those without orders (generate_series, date())', "SELECT m.month, count(o.order_id) FROM generate_series(date_trunc('month', current_date - interval '6 months'), current_date, interval '1 month') AS m(month) LEFT JOIN orders o ON date_trunc('month', o.order_date) = m.month AND date(o.order_date) < current_date GROUP BY 1"],
  ])('allows %s', (_name, sql) => {
    const r = guard(sql);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
  });

  it.each([
    ['DELETE', 'DELETE FROM orders', 'sql:readonly_violation'],
    ['UPDATE', "UPDATE orders SET status = 'x'", 'sql:readonly_violation'],
    ['INSERT', 'INSERT INTO orders (order_id) VALUES (1)', 'sql:readonly_violation'],
    ['DROP TABLE', 'DROP TABLE orders', 'sql:readonly_violation'],
    ['CREATE TABLE', 'CREATE TABLE x (a int)', 'sql:readonly_violation'],
    ['ALTER', 'ALTER TABLE orders ADD COLUMN x int', 'sql:readonly_violation'],
    ['TRUNCATE', 'TRUNCATE orders', 'sql:readonly_violation'],
    ['GRANT', 'GRANT ALL ON orders TO public', 'sql:readonly_violation'],
    ['COPY', 'COPY orders TO STDOUT', 'sql:readonly_violation'],
    ['COPY to a program', "COPY (SELECT 1) TO PROGRAM 'rm -rf /'", 'sql:readonly_violation'],
    ['two statements', 'SELECT 1; DELETE FROM orders', 'sql:readonly_violation'],
    ['two selects', 'SELECT 1; SELECT 2', 'sql:readonly_violation'],
    ['SELECT INTO', 'SELECT * INTO orders_copy FROM orders', 'sql:readonly_violation'],
    ['SET', 'SET statement_timeout = 0', 'sql:readonly_violation'],
    ['pg_sleep', 'SELECT pg_sleep(60)', 'sql:forbidden_function'],
    ['pg_sleep inside a subquery', 'SELECT order_id FROM orders WHERE order_id IN (SELECT pg_sleep(5)::int)', 'sql:forbidden_function'],
    ['dblink', "SELECT * FROM orders WHERE order_id = dblink('host=evil', 'select 1')", 'sql:forbidden_function'],
    ['lo_import', "SELECT lo_import('/etc/passwd')", 'sql:forbidden_function'],
    ['lo_export', "SELECT lo_export(1, '/tmp/x')", 'sql:forbidden_function'],
    ['pg_read_file', "SELECT pg_read_file('/etc/passwd')", 'sql:forbidden_function'],
    ['pg_ls_dir', "SELECT pg_ls_dir('.')", 'sql:forbidden_function'],
    ['set_config', "SELECT set_config('statement_timeout', '0', false)", 'sql:forbidden_function'],
    ['current_setting', "SELECT current_setting('data_directory')", 'sql:forbidden_function'],
    ['query_to_xml (SQL from a string)', "SELECT query_to_xml('delete from orders', true, true, '')", 'sql:forbidden_function'],
    ['nextval', "SELECT nextval('orders_order_id_seq')", 'sql:forbidden_function'],
    ['pg_terminate_backend', 'SELECT pg_terminate_backend(1)', 'sql:forbidden_function'],
    ['an unknown table', 'SELECT * FROM ordrs', 'sql:unknown_table'],
    ['another schema (Parley\'s own tables)', 'SELECT * FROM public.conversations', 'sql:unknown_table'],
    ['the system catalog', 'SELECT * FROM pg_catalog.pg_user', 'sql:unknown_table'],
    ['information_schema', 'SELECT * FROM information_schema.tables', 'sql:unknown_table'],
    ['an unknown qualified column', 'SELECT o.revenu FROM orders o', 'sql:unknown_column'],
    ['an unknown bare column', 'SELECT revenu FROM order_lines', 'sql:unknown_column'],
    // Attacks found in issue 12: each passed the old node-sql-parser guard or its deny-list.
    ['a backslash that Postgres does not treat as an escape', "SELECT '\\' ; COMMIT; DELETE FROM orders; SELECT 1 --'", 'sql:readonly_violation'],
    ['a backslash then INSERT into Parley\'s tables', "SELECT '\\' ; INSERT INTO public.messages VALUES (1); SELECT 1 --'", 'sql:readonly_violation'],
    ['an E-string hiding a second statement', "SELECT E'\\'' ; DELETE FROM orders; --'", 'sql:readonly_violation'],
    ['a dollar-quoted string hiding nothing but a second statement after it', 'SELECT $$ a $$; DELETE FROM orders', 'sql:readonly_violation'],
    ['nested comments hiding a statement', 'SELECT 1 /* /* */ ; DELETE FROM orders; /* */ */ ; DELETE FROM orders', 'sql:readonly_violation'],
    ['ts_stat running SQL from a string', "SELECT * FROM ts_stat('SELECT to_tsvector(body) FROM public.messages')", 'sql:forbidden_function'],
    ['ts_rewrite running SQL from a string', "SELECT ts_rewrite('a'::tsquery, 'SELECT passwd FROM pg_shadow')", 'sql:forbidden_function'],
    ['xpath', "SELECT xpath('/a', '<a/>')", 'sql:forbidden_function'],
    ['a function-notation call on a scalar FROM item', "SELECT s.current_setting FROM unnest(array['data_directory']) s", 'sql:unknown_column'],
    ['a field-selection function call', "SELECT (s).current_setting FROM unnest(array['data_directory']) s", 'sql:forbidden_syntax'],
    ['a cast to regclass (catalog probing)', "SELECT 'pg_shadow'::regclass", 'sql:forbidden_syntax'],
    ['a cast to regproc', "SELECT CAST('pg_sleep' AS regproc)", 'sql:forbidden_syntax'],
    ['pg_shadow qualified', 'SELECT * FROM pg_catalog.pg_shadow', 'sql:unknown_table'],
    ['pg_shadow unqualified (pg_catalog is searched first)', 'SELECT * FROM pg_shadow', 'sql:unknown_table'],
    ['a CTE name that only shadows pg_shadow in another scope', 'SELECT * FROM (WITH pg_shadow AS (SELECT 1 AS a) SELECT a FROM pg_shadow) x, pg_shadow', 'sql:unknown_table'],
    ['a later CTE sibling that is really the catalog table', 'WITH a AS (SELECT * FROM pg_authid), pg_authid AS (SELECT 1 AS b) SELECT * FROM a', 'sql:unknown_table'],
    ['TABLE pg_shadow', 'TABLE pg_shadow', 'sql:unknown_table'],
    ['FOR UPDATE', 'SELECT * FROM orders FOR UPDATE', 'sql:readonly_violation'],
    ['FOR SHARE in a subquery', 'SELECT * FROM (SELECT * FROM orders FOR SHARE) o', 'sql:readonly_violation'],
    ['a DELETE in a CTE', 'WITH d AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM d', 'sql:readonly_violation'],
    ['an INSERT in a CTE', 'WITH d AS (INSERT INTO orders (order_id) VALUES (1) RETURNING *) SELECT 1', 'sql:readonly_violation'],
    ['EXPLAIN ANALYZE DELETE', 'EXPLAIN ANALYZE DELETE FROM orders', 'sql:readonly_violation'],
    ['a user-defined function in the schema', 'SELECT shop.sneaky()', 'sql:forbidden_function'],
    ['a user-defined operator', 'SELECT 1 OPERATOR(shop.+) 2', 'sql:forbidden_function'],
    ['repeat (a gigabyte from one call)', "SELECT repeat('x', 1000000000)", 'sql:forbidden_function'],
    ['an unbounded recursive CTE', 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r', 'sql:forbidden_syntax'],
    ['current_user', 'SELECT current_user', 'sql:forbidden_function'],
    ['a parameter placeholder', 'SELECT $1', 'sql:forbidden_syntax'],
    ['xmltable', "SELECT * FROM XMLTABLE('/a' PASSING '<a/>' COLUMNS x int)", 'sql:forbidden_syntax'],
    ['a function in FROM with a column definition list', "SELECT * FROM dblink('x', 'select 1') AS t(a int)", 'sql:forbidden_function'],
    ['schema-qualified pg_catalog.pg_read_file', "SELECT pg_catalog.pg_read_file('/etc/passwd')", 'sql:forbidden_function'],
    ['a quoted upper-case function name', 'SELECT "PG_SLEEP"(1)', 'sql:forbidden_function'],
    ['unparsable text', 'SHOW ME THE MONEY', 'sql:parse_error'],
    ['an empty query', '   ', 'sql:parse_error'],
  ])('rejects %s', (_name, sql, code) => {
    const r = guard(sql);
    expect(r).toMatchObject({ ok: false, code });
  });

  it.each([
    ['SELECT * FROM ordrs', '"orders"'],
    ['SELECT * FROM customer', '"customers"'],
    ['SELECT o.revenu FROM orders o', 'the table "orders" has no column "revenu"'],
    ['SELECT l.revenu FROM order_lines l', '"revenue"'],
    ['SELECT regin FROM customers', '"region"'],
  ])('names the closest real name for %s', (sql, suggestion) => {
    const r = guard(sql);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(suggestion);
  });
});

describe('guardSql scopes', () => {
  it('allows an alias reused for a CTE in an outer scope (defog derm_treatment #101 shape)', () => {
    const sql = `WITH per AS (SELECT l.order_id, count(l.line_id) AS n FROM order_lines l GROUP BY l.order_id)
      SELECT l.order_id, l.n, o.status FROM per l JOIN orders o USING (order_id) ORDER BY l.n DESC LIMIT 1`;
    expect(guardSql(sql, SHOP_CATALOG, ['shop'])).toMatchObject({ ok: true });
  });
});
