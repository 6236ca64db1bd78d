import type { Row } from '../../../server/connectors/types';
import type { SyncedTable } from '../../../server/connectors/tables';

/** Stripe amounts are in the currency's smallest unit; these currencies have none below the unit. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
/** …and these have three decimals (amounts in thousandths). */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** An amount in major units (12.34 for 1234 cents; 500 yen stays 500). */
export function major(amount: number | null | undefined, currency: string | null | undefined): number {
  const c = (currency ?? '').toLowerCase();
  const n = Number(amount ?? 0);
  if (ZERO_DECIMAL.has(c)) return n;
  return THREE_DECIMAL.has(c) ? n / 1000 : n / 100;
}

type Obj = Record<string, any>;

const ts = (unix: number | null | undefined) => (typeof unix === 'number' ? new Date(unix * 1000).toISOString() : null);
/** An expandable field: an id, or the expanded object with its id. */
const ref = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : null);
const cur = (o: Obj) => String(o.currency ?? 'usd').toLowerCase();

// Monthly equivalents of one billing interval (the contract's rule: yearly / 12, weekly × 52 / 12).
const PER_MONTH: Record<string, number> = { day: 365 / 12, week: 52 / 12, month: 1, year: 1 / 12 };

/**
 * A subscription's recurring amount per month in major units: every item's price (unit amount ×
 * quantity) turned monthly by its interval and interval count. Metered (usage-based) and tiered
 * prices have no fixed amount and count 0; discounts and taxes are not applied.
 */
export function monthlyRecurring(sub: Obj): number {
  let minor = 0;
  for (const item of sub.items?.data ?? []) {
    const price = item.price ?? item.plan;
    const recurring = price?.recurring ?? (price?.interval ? { interval: price.interval, interval_count: price.interval_count } : null);
    if (!recurring || recurring.usage_type === 'metered') continue;
    const unit = Number(price.unit_amount ?? price.amount ?? (price.unit_amount_decimal ? Number(price.unit_amount_decimal) : 0));
    if (!Number.isFinite(unit)) continue;
    const perMonth = (PER_MONTH[recurring.interval] ?? 0) / Math.max(1, Number(recurring.interval_count ?? 1));
    minor += unit * Number(item.quantity ?? 1) * perMonth;
  }
  return Math.round(major(minor, cur(sub)) * 100) / 100;
}

const MAPPERS: Record<string, { table: SyncedTable; row: (o: Obj) => Row }> = {
  customer: {
    table: 'pay_customers',
    row: (o) => ({ id: o.id, email: o.email ?? null, name: o.name ?? null, created_at: ts(o.created) ?? new Date(0).toISOString(), deleted: o.deleted === true, raw: o }),
  },
  charge: {
    table: 'pay_charges',
    row: (o) => ({
      id: o.id,
      customer_id: ref(o.customer),
      payment_intent_id: ref(o.payment_intent),
      amount: major(o.amount, o.currency),
      amount_refunded: major(o.amount_refunded, o.currency),
      currency: cur(o),
      status: o.status,
      failure_code: o.failure_code ?? null,
      failure_message: o.failure_message ?? null,
      payment_method: o.payment_method_details?.type ?? null,
      description: o.description ?? null,
      created_at: ts(o.created),
      raw: o,
    }),
  },
  payment_intent: {
    table: 'pay_payment_intents',
    row: (o) => ({
      id: o.id,
      customer_id: ref(o.customer),
      amount: major(o.amount, o.currency),
      currency: cur(o),
      status: o.status,
      last_error: o.last_payment_error?.message ?? o.last_payment_error?.code ?? null,
      created_at: ts(o.created),
      raw: o,
    }),
  },
  refund: {
    table: 'pay_refunds',
    row: (o) => ({ id: o.id, charge_id: ref(o.charge), amount: major(o.amount, o.currency), currency: cur(o), status: o.status ?? 'succeeded', reason: o.reason ?? null, created_at: ts(o.created), raw: o }),
  },
  dispute: {
    table: 'pay_disputes',
    row: (o) => ({ id: o.id, charge_id: ref(o.charge), amount: major(o.amount, o.currency), currency: cur(o), status: o.status, reason: o.reason ?? null, created_at: ts(o.created), raw: o }),
  },
  invoice: {
    table: 'pay_invoices',
    row: (o) => ({
      id: o.id,
      customer_id: ref(o.customer),
      subscription_id: ref(o.subscription ?? o.parent?.subscription_details?.subscription),
      amount_due: major(o.amount_due, o.currency),
      amount_paid: major(o.amount_paid, o.currency),
      currency: cur(o),
      status: o.status ?? null,
      created_at: ts(o.created),
      raw: o,
    }),
  },
  subscription: {
    table: 'pay_subscriptions',
    row: (o) => ({
      id: o.id,
      customer_id: ref(o.customer),
      status: o.status,
      mrr: monthlyRecurring(o),
      currency: cur(o),
      started_at: ts(o.start_date ?? o.created),
      canceled_at: ts(o.canceled_at),
      ended_at: ts(o.ended_at),
      created_at: ts(o.created),
      raw: o,
    }),
  },
  payout: {
    table: 'pay_payouts',
    row: (o) => ({ id: o.id, amount: major(o.amount, o.currency), currency: cur(o), status: o.status, arrival_date: ts(o.arrival_date)?.slice(0, 10) ?? null, created_at: ts(o.created), raw: o }),
  },
  balance_transaction: {
    table: 'pay_balance_transactions',
    row: (o) => ({
      id: o.id,
      type: o.type,
      source_id: ref(o.source),
      amount: major(o.amount, o.currency),
      fee: major(o.fee, o.currency),
      net: major(o.net, o.currency),
      currency: cur(o),
      created_at: ts(o.created),
      raw: o,
    }),
  },
};

/** The synced table and row for a Stripe object, or undefined for an object Parley does not sync. */
export function toRow(o: Obj): { table: SyncedTable; row: Row } | undefined {
  const m = MAPPERS[o?.object];
  return m && typeof o.id === 'string' ? { table: m.table, row: m.row(o) } : undefined;
}
