import { z } from 'zod';
import type { ConnectorKind } from '../../../server/connectors/types';
import { DEFAULT_RETRY, STRIPE_API, stripeClient, stripeFailure, withRetry, type RetryPolicy } from './client';
import { STRIPE_STREAMS, syncStripe } from './sync';
import { handleStripeWebhook } from './webhook';

export const stripeCredentials = z.object({
  secretKey: z
    .string()
    .trim()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'expects a Stripe secret key (sk_live_…, sk_test_…) or a restricted key (rk_…)'),
  webhookSecret: z
    .string()
    .trim()
    .regex(/^whsec_[A-Za-z0-9]+$/, 'expects the webhook signing secret (whsec_…)')
    .optional(),
});
export type StripeCredentials = z.infer<typeof stripeCredentials>;

export interface StripeKindOptions {
  /** Width of the backfill's `created` windows, in days (default 365). */
  windowDays?: number;
  /** Objects per page (default 100, Stripe's most). */
  pageLimit?: number;
  retry?: Partial<RetryPolicy>;
  /** The SDK's own retries of connection errors and 5xx (default 2). */
  maxNetworkRetries?: number;
  now?: () => number;
}

/** The Stripe connector: backfill by `created` windows, then `/v1/events`, and signed webhooks. */
export function createStripeKind(opts: StripeKindOptions = {}): ConnectorKind<StripeCredentials> {
  const retry = { ...DEFAULT_RETRY, ...opts.retry };
  const client = (c: StripeCredentials, apiBase: string | undefined) => stripeClient(c.secretKey, apiBase, { maxNetworkRetries: opts.maxNetworkRetries });
  return {
    kind: 'stripe',
    label: 'Stripe',
    category: 'payments',
    credentials: stripeCredentials,
    fields: [
      { name: 'secretKey', label: 'Secret or restricted key', secret: true, placeholder: 'rk_live_…', help: 'A restricted key with read access is enough.' },
      { name: 'webhookSecret', label: 'Webhook signing secret', secret: true, optional: true, placeholder: 'whsec_…', help: 'To receive changes as they happen; without it Parley reads them on every sync.' },
    ],
    defaultApiBase: STRIPE_API,
    streams: STRIPE_STREAMS.map((s) => ({ name: s.name, table: s.table })),
    async test(credentials, apiBase, signal) {
      const stripe = client(credentials, apiBase);
      try {
        const account = (await withRetry('the account', () => stripe.accounts.retrieveCurrent(), { ...retry, attempts: Math.min(retry.attempts, 3) }, signal)) as {
          id: string;
          email?: string | null;
          business_profile?: { name?: string | null } | null;
          settings?: { dashboard?: { display_name?: string | null } } | null;
        };
        return { accountName: account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? account.email ?? account.id };
      } catch (e) {
        // A restricted key without account access can still read the balance: the key is good.
        if ((e as { code?: string }).code !== 'connector:forbidden') throw stripeFailure(e, 'the account');
        await withRetry('the balance', () => stripe.balance.retrieve(), { ...retry, attempts: 3 }, signal);
        return { accountName: 'Stripe account (restricted key)' };
      }
    },
    sync: (ctx) =>
      syncStripe(client(ctx.credentials, ctx.connector.apiBase ?? undefined), ctx, {
        windowDays: opts.windowDays ?? 365,
        pageLimit: opts.pageLimit ?? 100,
        retry,
        now: opts.now ?? (() => Math.floor(Date.now() / 1000)),
      }),
    webhook: (delivery, ctx) => handleStripeWebhook(client(ctx.credentials, ctx.connector.apiBase ?? undefined), delivery, ctx),
  };
}
