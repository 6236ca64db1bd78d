import type Stripe from 'stripe';
import { ParleyError } from '../../../agent/errors';
import type { WebhookContext, WebhookDelivery } from '../../../server/connectors/types';
import { eventWrites } from './sync';

/** Stripe's default: a signature older than five minutes is refused (a replayed capture). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * One webhook delivery: the Stripe-Signature header checked over the raw body with the
 * connector's endpoint secret (forged, altered and stale deliveries refused), then the event
 * applied once, however often Stripe (or anyone replaying it) delivers it.
 */
export async function handleStripeWebhook(stripe: Stripe, delivery: WebhookDelivery, ctx: WebhookContext<{ webhookSecret?: string }>): Promise<{ eventId: string; applied: boolean }> {
  const secret = ctx.credentials.webhookSecret;
  if (!secret) {
    throw new ParleyError('connector:webhook_not_configured', { status: 400, userMessage: 'This Stripe connector has no webhook signing secret (whsec_…); add the connector again with one to take webhooks.' });
  }
  const header = delivery.headers['stripe-signature'];
  if (typeof header !== 'string' || !header) throw badSignature('the Stripe-Signature header is missing');
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(delivery.rawBody, header, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (e) {
    ctx.log.warn({ err: e, connector: ctx.connector.id }, 'stripe webhook refused');
    const stale = /timestamp outside the tolerance zone/i.test((e as Error).message ?? '');
    throw badSignature(stale ? 'the signature is older than five minutes' : 'the signature does not match the body and the signing secret');
  }
  const applied = await ctx.applyOnce(event.id, eventWrites([event as unknown as Parameters<typeof eventWrites>[0][number]]));
  return { eventId: event.id, applied };
}

const badSignature = (why: string) => new ParleyError('connector:bad_signature', { status: 400, userMessage: `Webhook refused: ${why}.` });
