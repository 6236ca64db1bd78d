import { describe, expect, it } from 'vitest';
import { major, monthlyRecurring, toRow } from './mapping';
import { eventWrites } from './sync';

const item = (unit: number, interval: string, count = 1, quantity = 1, usage = 'licensed') => ({ quantity, price: { unit_amount: unit, recurring: { interval, interval_count: count, usage_type: usage } } });
const sub = (currency: string, ...items: unknown[]) => ({ object: 'subscription', id: 'sub_1', currency, items: { data: items } });

describe('money and MRR', () => {
  it.each([
    [1234, 'usd', 12.34],
    [1234, 'EUR', 12.34],
    [500, 'jpy', 500],
    [1500, 'kwd', 1.5],
    [null, 'usd', 0],
  ])('%s %s is %s in major units', (amount, currency, expected) => {
    expect(major(amount as number | null, currency)).toBe(expected);
  });

  it.each([
    ['monthly × quantity', sub('usd', item(2000, 'month', 1, 3)), 60],
    ['yearly ÷ 12', sub('usd', item(12000, 'year')), 10],
    ['every 3 months', sub('usd', item(3000, 'month', 3)), 10],
    ['weekly × 52/12', sub('usd', item(1200, 'week')), 52],
    ['metered counts 0', sub('usd', item(999, 'month', 1, 1, 'metered')), 0],
    ['two items summed', sub('usd', item(1000, 'month'), item(12000, 'year', 1, 2)), 30],
    ['yen stay yen', sub('jpy', item(1200, 'month')), 1200],
  ])('%s', (_name, s, expected) => {
    expect(monthlyRecurring(s)).toBe(expected);
  });

  it('an object Parley does not sync has no row', () => {
    expect(toRow({ object: 'plan', id: 'price_1' })).toBeUndefined();
  });
});

describe('events to writes', () => {
  const ev = (type: string, object: Record<string, unknown>, created = 1) => ({ id: `evt_${type}`, object: 'event', created, type, data: { object: { created: 1, ...object } } });

  it('the last event of an object wins; a deleted customer is kept, marked deleted; a deleted invoice is removed; a canceled subscription is kept', () => {
    const w = eventWrites([
      ev('charge.succeeded', { object: 'charge', id: 'ch_1', amount: 100, currency: 'usd', status: 'succeeded' }),
      ev('charge.refunded', { object: 'charge', id: 'ch_1', amount: 100, amount_refunded: 100, currency: 'usd', status: 'succeeded' }),
      ev('customer.deleted', { object: 'customer', id: 'cus_1', email: 'a@example.com' }),
      ev('invoice.deleted', { object: 'invoice', id: 'in_1', currency: 'usd', deleted: true }),
      ev('customer.subscription.deleted', { object: 'subscription', id: 'sub_1', status: 'canceled', currency: 'usd', items: { data: [] } }),
    ]);
    const rows = Object.fromEntries((w.upserts ?? []).map((u) => [u.table, u.rows]));
    expect(rows.pay_charges).toHaveLength(1);
    expect(rows.pay_charges[0]).toMatchObject({ id: 'ch_1', amount_refunded: 1 });
    expect(rows.pay_customers[0]).toMatchObject({ id: 'cus_1', deleted: true });
    expect(rows.pay_subscriptions[0]).toMatchObject({ id: 'sub_1', status: 'canceled' });
    expect(w.deletes).toEqual([{ table: 'pay_invoices', ids: ['in_1'] }]);
  });
});
