import { GRAIN_STEP, likeEscape, Params, type LookupGrain, type Period, type Template } from './lookup-common';

/**
 * The fixed SQL behind lookup_payments. Each object has one relation per origin with the same
 * columns: `synced` reads the store's pay_* tables of the caller's workspace (the server sets
 * parley.workspace_id for the transaction, and row-level security holds it to that too);
 * `demo` reads the demo warehouse, its integer keys shown with Stripe's prefixes (ch_12) so an
 * id from one answer can be looked up in the next. Values only ever enter as `$n` parameters.
 */
export type Origin = 'synced' | 'demo';

const WS = `current_setting('parley.workspace_id')`;

const CUSTOMERS: Record<Origin, string> = {
  synced: `SELECT cu.id, cu.email, cu.name, cu.created_at FROM pay_customers cu WHERE cu.workspace_id = ${WS} AND NOT cu.deleted`,
  demo: `SELECT 'cus_' || cu.customer_id AS id, cu.email, cu.name, cu.signup_date::timestamptz AS created_at FROM demo.customers cu`,
};

const CHARGES: Record<Origin, string> = {
  synced: `SELECT c.id, c.created_at, c.customer_id, cu.email AS customer_email, cu.name AS customer_name, c.amount, c.amount_refunded, c.currency, c.status,
       c.failure_code, c.failure_message, c.payment_method, c.description
     FROM pay_charges c LEFT JOIN pay_customers cu ON cu.connector_id = c.connector_id AND cu.id = c.customer_id
     WHERE c.workspace_id = ${WS}`,
  demo: `SELECT 'ch_' || c.charge_id AS id, c.created_at, 'cus_' || c.customer_id AS customer_id, cu.email AS customer_email, cu.name AS customer_name, c.amount,
       coalesce((SELECT sum(r.amount) FROM demo.refunds r WHERE r.charge_id = c.charge_id), 0)::numeric(12,2) AS amount_refunded, c.currency, c.status,
       CASE WHEN c.status = 'failed' THEN 'card_declined' END AS failure_code, NULL::text AS failure_message, c.payment_method, 'order ' || c.order_id AS description
     FROM demo.charges c JOIN demo.customers cu ON cu.customer_id = c.customer_id`,
};

const REFUNDS: Record<Origin, string> = {
  synced: `SELECT r.id, r.created_at, r.charge_id, c.customer_id, cu.email AS customer_email, cu.name AS customer_name, r.amount, r.currency, r.status, r.reason
     FROM pay_refunds r
     LEFT JOIN pay_charges c ON c.connector_id = r.connector_id AND c.id = r.charge_id
     LEFT JOIN pay_customers cu ON cu.connector_id = c.connector_id AND cu.id = c.customer_id
     WHERE r.workspace_id = ${WS}`,
  demo: `SELECT 're_' || r.refund_id AS id, r.created_at, 'ch_' || r.charge_id AS charge_id, 'cus_' || c.customer_id AS customer_id, cu.email AS customer_email,
       cu.name AS customer_name, r.amount, c.currency, 'succeeded'::text AS status, r.reason
     FROM demo.refunds r JOIN demo.charges c ON c.charge_id = r.charge_id JOIN demo.customers cu ON cu.customer_id = c.customer_id`,
};

const DISPUTES: Record<Origin, string> = {
  synced: `SELECT d.id, d.created_at, d.charge_id, c.customer_id, cu.email AS customer_email, cu.name AS customer_name, d.amount, d.currency, d.status, d.reason
     FROM pay_disputes d
     LEFT JOIN pay_charges c ON c.connector_id = d.connector_id AND c.id = d.charge_id
     LEFT JOIN pay_customers cu ON cu.connector_id = c.connector_id AND cu.id = c.customer_id
     WHERE d.workspace_id = ${WS}`,
  demo: `SELECT 'dp_' || d.dispute_id AS id, d.created_at, 'ch_' || d.charge_id AS charge_id, 'cus_' || c.customer_id AS customer_id, cu.email AS customer_email,
       cu.name AS customer_name, d.amount, c.currency, d.status, d.reason
     FROM demo.disputes d JOIN demo.charges c ON c.charge_id = d.charge_id JOIN demo.customers cu ON cu.customer_id = c.customer_id`,
};

const PAYOUTS: Record<Origin, string> = {
  synced: `SELECT p.id, coalesce(p.arrival_date, (p.created_at AT TIME ZONE 'UTC')::date) AS arrival_date, p.amount, p.currency, p.status
     FROM pay_payouts p WHERE p.workspace_id = ${WS}`,
  demo: `SELECT 'po_' || p.payout_id AS id, p.arrival_date, p.amount, p.currency, p.status FROM demo.payouts p`,
};

/**
 * Subscriptions with when they ended: Stripe's ended_at, or canceled_at for a canceled one the
 * sync gave no ended_at. Incomplete subscriptions never started paying and count nowhere.
 */
const SUBSCRIPTIONS: Record<Origin, string> = {
  synced: `SELECT s.id, s.customer_id, coalesce(s.raw #>> '{plan,nickname}', s.raw #>> '{items,data,0,price,nickname}', s.raw #>> '{plan,id}', s.raw #>> '{items,data,0,price,id}') AS plan,
       s.status, s.mrr, s.currency, s.started_at, coalesce(s.ended_at, CASE WHEN s.status = 'canceled' THEN s.canceled_at END) AS ended_at
     FROM pay_subscriptions s WHERE s.workspace_id = ${WS} AND s.status NOT IN ('incomplete', 'incomplete_expired')`,
  demo: `SELECT 'sub_' || s.subscription_id AS id, 'cus_' || s.customer_id AS customer_id, s.plan, s.status, s.mrr, s.currency, s.started_at, s.canceled_at AS ended_at
     FROM demo.subscriptions s`,
};

const PAYMENT_INTENTS: Partial<Record<Origin, string>> = {
  synced: `SELECT pi.id, pi.created_at, pi.customer_id, pi.amount, pi.currency, pi.status, pi.last_error FROM pay_payment_intents pi WHERE pi.workspace_id = ${WS}`,
};
const INVOICES: Partial<Record<Origin, string>> = {
  synced: `SELECT i.id, i.created_at, i.customer_id, i.subscription_id, i.amount_due, i.amount_paid, i.currency, i.status FROM pay_invoices i WHERE i.workspace_id = ${WS}`,
};

/** Dispute statuses that still need something done (Stripe's, and the demo's `open`). */
export const OPEN_DISPUTE_STATUSES = ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review', 'open'];

export interface PaymentsQuery {
  customer?: string;
  status?: string;
  period: Period | null;
  grain: LookupGrain;
  limit: number;
}

/** The customer filter on a relation with customer_id/customer_email/customer_name: an id, an email, or part of a name. */
function customerFilter(p: Params, customer: string | undefined, alias: string): string {
  if (!customer) return '';
  const c = customer.trim();
  if (/^cus_/i.test(c)) return ` AND ${alias}.customer_id = ${p.add(c)}`;
  if (c.includes('@')) return ` AND lower(${alias}.customer_email) = lower(${p.add(c)})`;
  return ` AND ${alias}.customer_name ILIKE ${p.add(`%${likeEscape(c)}%`)}`;
}

function rangeFilter(p: Params, period: Period | null, column: string): string {
  if (!period) return '';
  return ` AND ${column} >= ${p.add(`${period.from}T00:00:00Z`)}::timestamptz AND ${column} < ${p.add(`${period.to}T00:00:00Z`)}::timestamptz`;
}

function statusFilter(p: Params, status: string | undefined, alias: string, open?: string[]): string {
  if (!status) return '';
  if (open && /^(open|unresolved|active|pending)$/i.test(status)) return ` AND ${alias}.status = ANY(${p.add(open)}::text[])`;
  return ` AND lower(${alias}.status) = lower(${p.add(status)})`;
}

function scope(q: PaymentsQuery) {
  return `${q.customer ? ` for ${q.customer}` : ''}${q.period ? `, ${q.period.label}` : ''}`;
}

export function chargesTemplate(origin: Origin, q: PaymentsQuery, failedOnly: boolean): Template {
  const p = new Params();
  const status = failedOnly ? ` AND x.status = 'failed'` : statusFilter(p, q.status, 'x');
  const where = `${rangeFilter(p, q.period, 'x.created_at')}${status}${customerFilter(p, q.customer, 'x')}`;
  const failure = failedOnly ? ', x.failure_code, x.failure_message' : '';
  const sql = `SELECT x.id, x.created_at, x.customer_email, x.customer_name, x.amount, x.currency, x.status${failure}, x.payment_method
FROM (${CHARGES[origin]}) x
WHERE true${where}
ORDER BY x.created_at DESC, x.id
LIMIT ${p.add(q.limit)}`;
  return { sql, params: p.values, title: `${failedOnly ? 'Failed payments' : 'Payments'}${scope(q)}`, money: ['amount'] };
}

export function refundsTemplate(origin: Origin, q: PaymentsQuery): Template {
  const p = new Params();
  const where = `${rangeFilter(p, q.period, 'x.created_at')}${statusFilter(p, q.status, 'x')}${customerFilter(p, q.customer, 'x')}`;
  const sql = `SELECT x.id, x.created_at, x.charge_id, x.customer_email, x.customer_name, x.amount, x.currency, x.status, x.reason
FROM (${REFUNDS[origin]}) x
WHERE true${where}
ORDER BY x.created_at DESC, x.id
LIMIT ${p.add(q.limit)}`;
  return { sql, params: p.values, title: `Refunds${scope(q)}`, money: ['amount'] };
}

export function disputesTemplate(origin: Origin, q: PaymentsQuery): Template {
  const p = new Params();
  const where = `${rangeFilter(p, q.period, 'x.created_at')}${statusFilter(p, q.status, 'x', OPEN_DISPUTE_STATUSES)}${customerFilter(p, q.customer, 'x')}`;
  const sql = `SELECT x.id, x.created_at, x.charge_id, x.customer_email, x.customer_name, x.amount, x.currency, x.status, x.reason
FROM (${DISPUTES[origin]}) x
WHERE true${where}
ORDER BY x.created_at DESC, x.id
LIMIT ${p.add(q.limit)}`;
  const open = q.status && /^(open|unresolved|active|pending)$/i.test(q.status) ? 'Open disputes' : 'Disputes';
  return { sql, params: p.values, title: `${open}${scope(q)}`, money: ['amount'] };
}

export function payoutsTemplate(origin: Origin, q: PaymentsQuery): Template {
  const p = new Params();
  const range = q.period ? ` AND x.arrival_date >= ${p.add(q.period.from)}::date AND x.arrival_date < ${p.add(q.period.to)}::date` : '';
  const sql = `SELECT x.id, x.arrival_date, x.amount, x.currency, x.status
FROM (${PAYOUTS[origin]}) x
WHERE true${range}${statusFilter(p, q.status, 'x')}
ORDER BY x.arrival_date DESC, x.id
LIMIT ${p.add(q.limit)}`;
  return { sql, params: p.values, title: `Payouts${scope(q)}`, money: ['amount'] };
}

/** One row per matching customer: who they are and what they paid, failed, got back and disputed. */
export function customerTemplate(origin: Origin, q: PaymentsQuery): Template | { error: string } {
  if (!q.customer) return { error: 'kind "customer" needs `customer`: an email, a name or a cus_ id' };
  const p = new Params();
  const c = q.customer.trim();
  const match = /^cus_/i.test(c) ? `m.id = ${p.add(c)}` : c.includes('@') ? `lower(m.email) = lower(${p.add(c)})` : `m.name ILIKE ${p.add(`%${likeEscape(c)}%`)}`;
  const sql = `WITH m AS (SELECT * FROM (${CUSTOMERS[origin]}) m WHERE ${match} ORDER BY m.created_at, m.id LIMIT ${p.add(q.limit)}),
ch AS (SELECT x.customer_id, count(*) FILTER (WHERE x.status = 'succeeded') AS payments, coalesce(sum(x.amount) FILTER (WHERE x.status = 'succeeded'), 0) AS amount_paid,
          count(*) FILTER (WHERE x.status = 'failed') AS failed_payments, max(x.currency) AS currency
        FROM (${CHARGES[origin]}) x WHERE x.customer_id IN (SELECT id FROM m) GROUP BY x.customer_id),
rf AS (SELECT x.customer_id, sum(x.amount) AS amount_refunded FROM (${REFUNDS[origin]}) x WHERE x.customer_id IN (SELECT id FROM m) GROUP BY x.customer_id),
dp AS (SELECT x.customer_id, count(*) AS disputes FROM (${DISPUTES[origin]}) x WHERE x.customer_id IN (SELECT id FROM m) GROUP BY x.customer_id),
sb AS (SELECT x.customer_id, sum(x.mrr) AS mrr FROM (${SUBSCRIPTIONS[origin]}) x WHERE x.customer_id IN (SELECT id FROM m) AND x.ended_at IS NULL GROUP BY x.customer_id)
SELECT m.id, m.name, m.email, m.created_at, coalesce(ch.payments, 0) AS payments, coalesce(ch.amount_paid, 0) AS amount_paid,
       coalesce(rf.amount_refunded, 0) AS amount_refunded, coalesce(ch.failed_payments, 0) AS failed_payments, coalesce(dp.disputes, 0) AS disputes,
       coalesce(sb.mrr, 0) AS mrr, ch.currency
FROM m LEFT JOIN ch ON ch.customer_id = m.id LEFT JOIN rf ON rf.customer_id = m.id LEFT JOIN dp ON dp.customer_id = m.id LEFT JOIN sb ON sb.customer_id = m.id
ORDER BY m.created_at, m.id`;
  return { sql, params: p.values, title: `Customer ${c}`, money: ['amount_paid', 'amount_refunded', 'mrr'] };
}

/** Stripe's id prefixes and the relation each names (stripe/sync-engine routes bare ids the same way). */
const PREFIXES: { prefix: RegExp; what: string; rel: Partial<Record<Origin, string>>; money: string[] }[] = [
  { prefix: /^ch_/, what: 'charge', rel: CHARGES, money: ['amount', 'amount_refunded'] },
  { prefix: /^(py|pi)_/, what: 'payment intent', rel: PAYMENT_INTENTS, money: ['amount'] },
  { prefix: /^(re|pyr)_/, what: 'refund', rel: REFUNDS, money: ['amount'] },
  { prefix: /^(dp|du)_/, what: 'dispute', rel: DISPUTES, money: ['amount'] },
  { prefix: /^po_/, what: 'payout', rel: PAYOUTS, money: ['amount'] },
  { prefix: /^in_/, what: 'invoice', rel: INVOICES, money: ['amount_due', 'amount_paid'] },
  { prefix: /^sub_/, what: 'subscription', rel: SUBSCRIPTIONS, money: ['mrr'] },
];

export const OBJECT_ID = /^(ch|py|pi|re|pyr|dp|du|po|cus|in|sub)_[A-Za-z0-9]+$/;

export function objectTemplate(origin: Origin, objectId: string | undefined, q: PaymentsQuery): Template | { error: string } {
  const id = objectId?.trim() ?? '';
  if (!OBJECT_ID.test(id)) return { error: `objectId "${id}" is not a payment object id (ch_, pi_, re_, dp_, po_, cus_, in_ or sub_ followed by letters and digits)` };
  if (id.startsWith('cus_')) return customerTemplate(origin, { ...q, customer: id, limit: 1 });
  const kind = PREFIXES.find((k) => k.prefix.test(id))!;
  const rel = kind.rel[origin];
  if (!rel) return { error: `the demo data has no ${kind.what}s; ${kind.what} ids are looked up in a connected Stripe account` };
  const p = new Params();
  return { sql: `SELECT x.* FROM (${rel}) x WHERE x.id = ${p.add(id)} LIMIT 1`, params: p.values, title: `${kind.what[0].toUpperCase()}${kind.what.slice(1)} ${id}`, money: kind.money };
}

/**
 * The periods of a range at a grain, as `p` (start) and `pend` (exclusive end, clipped to the
 * range's end): the spine the MRR templates aggregate over.
 */
function periodSpine(p: Params, period: Period, grain: LookupGrain): string {
  const g = p.add(grain);
  const step = p.add(GRAIN_STEP[grain]);
  const from = p.add(period.from);
  const to = p.add(period.to);
  return `spine AS (
  SELECT s::date AS period, greatest(s, ${from}::date::timestamp) AT TIME ZONE 'UTC' AS pstart, least(s + ${step}::interval, ${to}::date::timestamp) AT TIME ZONE 'UTC' AS pend
  FROM generate_series(date_trunc(${g}::text, ${from}::date::timestamp), ${to}::date::timestamp - interval '1 day', ${step}::interval) AS s
)`;
}

/** MRR at the end of each period (or now, for the period still running) and how many subscriptions make it. */
export function mrrTemplate(origin: Origin, q: PaymentsQuery & { period: Period }): Template {
  const p = new Params();
  const sql = `WITH ${periodSpine(p, q.period, q.grain)},
subs AS (${SUBSCRIPTIONS[origin]})
SELECT spine.period, s.currency, coalesce(sum(s.mrr), 0) AS mrr, count(s.id) AS active_subscriptions
FROM spine JOIN subs s ON s.started_at < spine.pend AND (s.ended_at IS NULL OR s.ended_at >= spine.pend)
GROUP BY spine.period, s.currency
ORDER BY spine.period, s.currency`;
  return { sql, params: p.values, title: `MRR by ${q.grain}, ${q.period.label}`, money: ['mrr'] };
}

/** New MRR (subscriptions started), churned MRR (subscriptions ended) and the net of the two per period. */
export function mrrMovementsTemplate(origin: Origin, q: PaymentsQuery & { period: Period }): Template {
  const p = new Params();
  const sql = `WITH ${periodSpine(p, q.period, q.grain)},
subs AS (${SUBSCRIPTIONS[origin]}),
moves AS (
  SELECT spine.period, s.currency, s.mrr AS new_mrr, 0::numeric AS churned_mrr FROM spine JOIN subs s ON s.started_at >= spine.pstart AND s.started_at < spine.pend
  UNION ALL
  SELECT spine.period, s.currency, 0, s.mrr FROM spine JOIN subs s ON s.ended_at >= spine.pstart AND s.ended_at < spine.pend
)
SELECT period, currency, sum(new_mrr) AS new_mrr, sum(churned_mrr) AS churned_mrr, sum(new_mrr) - sum(churned_mrr) AS net_new_mrr
FROM moves
GROUP BY period, currency
ORDER BY period, currency`;
  return { sql, params: p.values, title: `New and churned MRR by ${q.grain}, ${q.period.label}`, money: ['new_mrr', 'churned_mrr', 'net_new_mrr'] };
}

/**
 * Churn per period (rates as shares, 0.05 = 5%): of the subscriptions active when the period began, how many (and how much
 * MRR) ended within it. Subscriptions that start and end inside one period are not churn of it.
 */
export function churnTemplate(origin: Origin, q: PaymentsQuery & { period: Period }): Template {
  const p = new Params();
  const sql = `WITH ${periodSpine(p, q.period, q.grain)},
subs AS (${SUBSCRIPTIONS[origin]}),
base AS (
  SELECT spine.period, s.currency, s.mrr, (s.ended_at < spine.pend) AS churned
  FROM spine JOIN subs s ON s.started_at < spine.pstart AND (s.ended_at IS NULL OR s.ended_at >= spine.pstart)
)
SELECT period, currency, count(*) AS subscriptions_at_start, count(*) FILTER (WHERE churned) AS churned_subscriptions,
       round(count(*) FILTER (WHERE churned)::numeric / nullif(count(*), 0), 4) AS churn_rate,
       sum(mrr) AS mrr_at_start, coalesce(sum(mrr) FILTER (WHERE churned), 0) AS churned_mrr,
       round(coalesce(sum(mrr) FILTER (WHERE churned), 0) / nullif(sum(mrr), 0), 4) AS revenue_churn_rate
FROM base
GROUP BY period, currency
ORDER BY period, currency`;
  return { sql, params: p.values, title: `Churn by ${q.grain}, ${q.period.label}`, money: ['mrr_at_start', 'churned_mrr'], percent: ['churn_rate', 'revenue_churn_rate'] };
}
