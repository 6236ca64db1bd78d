import { describe, expect, it } from 'vitest';
import { SHOP_CATALOG } from '../sql/testing/shop-catalog';
import { guardSql } from '../sql/sql-guard';
import { parseQuestion } from './semantic-parser';

const TODAY = '2026-11-26';

describe('offline semantic parser over a catalog', () => {
  it.each([
    ['total revenue by region last month', ['sum(order_lines.revenue)', 'customers.region AS region', 'JOIN shop.orders', 'JOIN shop.customers', "orders.order_date >= DATE '2026-10-01'", "orders.order_date < DATE '2026-11-01'", 'GROUP BY 1']],
    ['top 5 products by revenue', ['products.name AS name', 'sum(order_lines.revenue)', 'DESC', 'LIMIT 5']],
    ['bottom 3 customers by revenue this year', ['customers.name', 'ASC', 'LIMIT 3', "DATE '2026-01-01'"]],
    ['how many orders per channel', ['count(*) AS orders_count', 'FROM shop.orders', 'orders.channel AS channel']],
    ['how many customers by segment', ['count(*) AS customers_count', 'customers.segment']],
    ['average order revenue by month in 2025', ["date_trunc('month', orders.order_date)", 'avg(order_lines.revenue)', "DATE '2025-01-01'", 'ORDER BY 1']],
    ['revenue by product category in Europe', ['products.category', "customers.region = 'Europe'", 'JOIN shop.products']],
    ['spend by platform last quarter', ['sum(ad_daily_performance.spend)', 'ad_campaigns.platform', "ad_daily_performance.day >= DATE '2026-07-01'"]],
    ['weekly clicks for google', ["date_trunc('week', ad_daily_performance.day)", "ad_campaigns.platform = 'google'"]],
    ['number of cancelled orders by month last year', ["orders.status = 'cancelled'", "date_trunc('month', orders.order_date)", 'count(*)']],
    ['revenue in Germany between 2025-01-01 and 2025-03-31', ["customers.country = 'Germany'", "DATE '2025-04-01'"]],
    ['revenue from United States customers', ["customers.country = 'United States'"]],
  ])('%s', (q, fragments) => {
    const r = parseQuestion(q, SHOP_CATALOG, TODAY);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    for (const f of fragments) expect(r.sql).toContain(f);
    // Whatever the parser writes must pass the same guard as model-written SQL.
    expect(guardSql(r.sql, SHOP_CATALOG, ['shop'])).toMatchObject({ ok: true });
  });

  // Each row: question, fragments the SQL must contain, fragments it must not contain.
  it.each([
    // The ranked noun is a column, not a table: plural "countries" → customers.country.
    ['Top 5 countries by revenue', ['customers.country AS country', 'sum(order_lines.revenue)', 'JOIN shop.customers', 'DESC', 'LIMIT 5'], ['customers.name']],
    ['bottom 3 regions by revenue', ['customers.region AS region', 'ASC', 'LIMIT 3'], ['customers.name']],
    // Counting one table, ranking by a column: the phrase after "by" is what is counted.
    ['Top 5 countries by number of customers', ['customers.country AS country', 'count(*) AS customers_count', 'FROM shop.customers', 'LIMIT 5'], ['customers.name', 'JOIN']],
    ['top 3 channels by number of orders', ['orders.channel AS channel', 'count(*) AS orders_count', 'FROM shop.orders', 'LIMIT 3'], []],
    ['top 10 customers by number of orders', ['customers.name AS name', 'count(*) AS orders_count', 'FROM shop.orders', 'JOIN shop.customers'], []],
    // The measure's word is not a value filter, and the range applies to the fact row's own date.
    ['Total conversions by platform in 2025', ['sum(ad_daily_performance.conversions)', 'ad_campaigns.platform AS platform', "ad_daily_performance.day >= DATE '2025-01-01'"], ['objective', 'start_date']],
    ['spend by platform for conversions campaigns', ["ad_campaigns.objective = 'conversions'", 'sum(ad_daily_performance.spend)'], []],
  ])('%s', (q, has, hasNot) => {
    const r = parseQuestion(q, SHOP_CATALOG, TODAY);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    for (const f of has) expect(r.sql).toContain(f);
    for (const f of hasNot) expect(r.sql).not.toContain(f);
    expect(guardSql(r.sql, SHOP_CATALOG, ['shop'])).toMatchObject({ ok: true });
  });

  it.each([
    ['total revenue by region → only Europe', ["customers.region = 'Europe'", 'customers.region AS region']],
    ['total revenue by region → now by month', ["date_trunc('month'", 'sum(order_lines.revenue)'], ['customers.region AS']],
    ['revenue by month → what about spend', ['sum(ad_daily_performance.spend)', "date_trunc('month'"], ['order_lines']],
    ['revenue by region last month → in 2025', ["DATE '2025-01-01'"], ["DATE '2026-10-01'"]],
  ])('follow-up %s builds on the previous question', (q, has, hasNot = []) => {
    const r = parseQuestion(q, SHOP_CATALOG, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const f of has) expect(r.sql).toContain(f);
    for (const f of hasNot) expect(r.sql).not.toContain(f);
  });

  it.each([
    'Return the distinct list of customer ids that have orders',
    'list all products with no orders',
  ])('declines to list records (%s) instead of computing some number', (q) => {
    const r = parseQuestion(q, SHOP_CATALOG, TODAY);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toContain('Listing individual records');
  });

  it('does not take a table name for a measure ("orders" is not orders.unit_price)', () => {
    const r = parseQuestion('how many orders by channel', SHOP_CATALOG, TODAY);
    expect(r.ok && r.sql).toContain('count(*)');
    expect(r.ok && r.sql).not.toContain('unit_price');
  });

  it('says what it understood and asks to rephrase when there is nothing to compute', () => {
    const r = parseQuestion('what is the weather in Europe', SHOP_CATALOG, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('I could not tell which number to compute');
    expect(r.error).toContain('region is "Europe"');
    expect(r.error).toMatch(/rephrase/);
  });
});
