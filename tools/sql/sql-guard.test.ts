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
