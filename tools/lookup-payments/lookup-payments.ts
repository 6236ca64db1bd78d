import { z } from 'zod';
import { defineTool, type ToolResult } from '../types';
import { LOOKUP_GRAINS, periodDays, plural, resolvePeriod, runLookup, summarizeLookup, type LookupGrain, type Period } from './lookup-common';
import {
  chargesTemplate,
  churnTemplate,
  customerTemplate,
  disputesTemplate,
  mrrMovementsTemplate,
  mrrTemplate,
  objectTemplate,
  payoutsTemplate,
  refundsTemplate,
  type Origin,
  type PaymentsQuery,
} from './payment-templates';
import { routePayments } from './route';

export const PAYMENT_KINDS = ['charges', 'failed_payments', 'refunds', 'disputes', 'payouts', 'customer', 'object', 'mrr', 'mrr_movements', 'churn'] as const;
export type PaymentKind = (typeof PAYMENT_KINDS)[number];

const DEFAULT_LIMIT = 100;
/** A list with no customer and no dates covers this many days; one customer's history is all time. */
const LIST_DEFAULT_DAYS = 30;
/** MRR and churn without dates: the last year. */
const TREND_DEFAULT_DAYS = 365;

export const lookupPaymentsSchema = z.object({
  kind: z
    .enum(PAYMENT_KINDS)
    .describe(
      'charges: payments taken; failed_payments: payments that failed; refunds; disputes (chargebacks); payouts (to the bank); customer: one customer\'s totals; object: one object by its id; mrr: monthly recurring revenue per period; mrr_movements: new, churned and net new MRR per period; churn: subscription and revenue churn rate per period.',
    ),
  customer: z.string().min(1).max(200).optional().describe('Only this customer: an email, a name (or part of one), or a cus_ id.'),
  objectId: z.string().min(1).max(100).optional().describe('For kind "object": a Stripe id such as ch_…, pi_…, re_…, dp_…, po_…, cus_…, in_… or sub_….'),
  status: z.string().min(1).max(40).optional().describe('Only this status, e.g. "succeeded", "failed", "pending" for charges; "open", "won", "lost" for disputes; "paid", "in transit" for payouts.'),
  from: z
    .string()
    .min(1)
    .max(60)
    .optional()
    .describe('First day included (YYYY-MM-DD), or a period in words alone ("this week", "last 7 days", "last quarter", "March 2026").'),
  to: z.string().min(1).max(60).optional().describe('Last day included (YYYY-MM-DD); omit for up to today.'),
  grain: z.enum(LOOKUP_GRAINS).optional().describe('Period length for mrr, mrr_movements and churn (default month).'),
  limit: z.number().int().min(1).max(1000).optional().describe(`Rows at most for lists (default ${DEFAULT_LIMIT}).`),
});
export type LookupPaymentsInput = z.infer<typeof lookupPaymentsSchema>;

function defaultGrain(period: Period): LookupGrain {
  const days = periodDays(period);
  if (days <= 14) return 'day';
  if (/quarter|^q[1-4]/i.test(period.label) && days <= 92) return 'quarter';
  return 'month';
}

function describeRows(kind: PaymentKind, rowCount: number, truncated: boolean, label: string): string {
  const n = truncated ? `the latest ${rowCount.toLocaleString('en-US')}+` : undefined;
  const words: Record<PaymentKind, [string, string]> = {
    charges: ['payment', 'payments'],
    failed_payments: ['failed payment', 'failed payments'],
    refunds: ['refund', 'refunds'],
    disputes: ['dispute', 'disputes'],
    payouts: ['payout', 'payouts'],
    customer: ['matching customer', 'matching customers'],
    object: ['object', 'objects'],
    mrr: ['period of MRR', 'periods of MRR'],
    mrr_movements: ['period of MRR movements', 'periods of MRR movements'],
    churn: ['period of churn', 'periods of churn'],
  };
  const [one, many] = words[kind];
  return `${n ? `${n} ${many}` : plural(rowCount, one, many)} from ${label}.`;
}

/**
 * lookup_payments: the workspace's payments (Stripe, synced into Parley) or the demo
 * warehouse's, by kind, customer, object id, status and dates. The SQL is Parley's own fixed
 * templates with bound values; the model only fills the typed fields.
 */
export function createLookupPaymentsTool() {
  return defineTool({
    name: 'lookup_payments',
    description:
      'Look up payment data (the connected Stripe account, or the demo data): payments, failed payments, refunds, disputes, payouts, one customer by email/name/id, one object by id (ch_…, pi_…), and MRR, new/churned MRR and churn from subscriptions, for any date range. Returns a table. Use it for such questions instead of query_data.',
    schema: lookupPaymentsSchema,
    async run(input, ctx): Promise<ToolResult> {
      const today = ctx.now().toISOString().slice(0, 10);
      const trend = input.kind === 'mrr' || input.kind === 'mrr_movements' || input.kind === 'churn';
      // One customer's history, one object, and the disputes still open are wanted whatever their age.
      const allTime = input.kind === 'customer' || input.kind === 'object' || input.customer || (input.kind === 'disputes' && input.status);
      const listDefault = allTime ? null : LIST_DEFAULT_DAYS;
      const period = resolvePeriod(input, today, trend ? TREND_DEFAULT_DAYS : listDefault);
      if (period && 'error' in period) return { ok: false, error: period.error };
      const q: PaymentsQuery = { customer: input.customer, status: input.status, period, grain: input.grain ?? (period ? defaultGrain(period) : 'month'), limit: input.limit ?? DEFAULT_LIMIT };
      return runLookup(
        ctx,
        'payments',
        (source) => {
          const origin: Origin = source.origin;
          switch (input.kind) {
            case 'charges':
              return chargesTemplate(origin, q, false);
            case 'failed_payments':
              return chargesTemplate(origin, q, true);
            case 'refunds':
              return refundsTemplate(origin, q);
            case 'disputes':
              return disputesTemplate(origin, q);
            case 'payouts':
              return payoutsTemplate(origin, q);
            case 'customer':
              return customerTemplate(origin, q);
            case 'object':
              return objectTemplate(origin, input.objectId, q);
            case 'mrr':
              return mrrTemplate(origin, { ...q, period: period! });
            case 'mrr_movements':
              return mrrMovementsTemplate(origin, { ...q, period: period! });
            case 'churn':
              return churnTemplate(origin, { ...q, period: period! });
          }
        },
        (rows, source) => {
          if (input.kind === 'object' && rows.rowCount === 0) return `No object ${input.objectId} in ${source.label}.`;
          const scope = [input.customer ? `for ${input.customer}` : '', input.status ? `with status ${input.status}` : '', period ? period.label : ''].filter(Boolean).join(', ');
          return describeRows(input.kind, rows.rowCount, rows.truncated || (input.kind !== 'customer' && !trend && rows.rowCount >= q.limit), `${source.label}${scope ? ` (${scope})` : ''}`);
        },
      );
    },
    offline: { route: routePayments, summarize: summarizeLookup },
  });
}
