import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../server/testing/databases';
import type { TestParley } from '../../../server/testing/harness';
import { addStripeConnector, startConnectorsParley, waitForSync } from '../testing/parley';
import type { StripeTestServer } from '../testing/stripe-server';

/** Webhooks at POST /api/connectors/:id/webhook, signed by the local server exactly as Stripe signs them. */
describe.each(STORE_BACKENDS)('Stripe webhooks on %s', (backend) => {
  let t: TestParley;
  let stripe: StripeTestServer;
  let destroy: () => Promise<void>;
  let id: string;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.parley.store.db.pool.query(sql, params)).rows as T[];
  // No session: Stripe authenticates by signature alone.
  const deliver = (body: string, signature?: string) =>
    fetch(`${t.url}/api/connectors/${id}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...(signature ? { 'stripe-signature': signature } : {}) }, body });

  beforeAll(async () => {
    ({ t, stripe, destroy } = await startConnectorsParley({ backend }));
    stripe.seed('charge', 3);
    id = (await addStripeConnector(t.admin, stripe)).id;
    await waitForSync(t.admin, id);
  }, 120_000);
  afterAll(async () => destroy?.());

  it('a signed delivery is applied; the same delivery replayed is acknowledged and applied once', async () => {
    const event = stripe.add('charge', { amount: 999, status: 'succeeded' });
    const created = stripe.events().find((e) => e.data.object.id === event.id)!;
    const { body, signature } = stripe.signWebhook(created);
    const first = await deliver(body, signature);
    expect(first.status).toBe(200);
    expect((await first.json()).data).toEqual({ received: true, eventId: created.id, duplicate: false });
    expect(await q('SELECT amount::text FROM pay_charges WHERE connector_id = $1 AND id = $2', [id, event.id])).toEqual([{ amount: '9.99' }]);

    // Someone changes the row (e.g. a later event); the replay must not write the old object back.
    await t.parley.store.db.pool.query("UPDATE pay_charges SET status = 'refunded-later' WHERE connector_id = $1 AND id = $2", [id, event.id]);
    const again = await deliver(body, signature);
    expect(again.status).toBe(200);
    expect((await again.json()).data.duplicate).toBe(true);
    expect(await q('SELECT status FROM pay_charges WHERE connector_id = $1 AND id = $2', [id, event.id])).toEqual([{ status: 'refunded-later' }]);
    expect(await q('SELECT count(*)::int n FROM connector_webhook_events WHERE connector_id = $1 AND event_id = $2', [id, created.id])).toEqual([{ n: 1 }]);
  });

  it.each([
    ['signed with another secret', (s: StripeTestServer, e: any) => s.signWebhook(e, { secret: 'whsec_notthesecret' })],
    ['a body altered after signing', (s: StripeTestServer, e: any) => {
      const d = s.signWebhook(e);
      return { body: d.body.replace('"amount": 2500', '"amount": 1'), signature: d.signature };
    }],
    ['no signature header', (s: StripeTestServer, e: any) => ({ body: s.signWebhook(e).body, signature: undefined })],
    ['a garbage signature header', (s: StripeTestServer, e: any) => ({ body: s.signWebhook(e).body, signature: 't=abc,v1=zz' })],
  ])('a forged delivery (%s) is refused with 400 connector:bad_signature and changes nothing', async (_name, forge) => {
    const obj = stripe.add('charge', { amount: 2500 });
    const event = stripe.events().find((e) => e.data.object.id === obj.id)!;
    const { body, signature } = forge(stripe, event);
    const res = await deliver(body, signature);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('connector:bad_signature');
    expect(await q('SELECT id FROM pay_charges WHERE connector_id = $1 AND id = $2', [id, obj.id])).toEqual([]);
  });

  it('a stale delivery (signed more than five minutes ago) is refused, though its signature is genuine', async () => {
    const obj = stripe.add('charge', { amount: 3100 });
    const event = stripe.events().find((e) => e.data.object.id === obj.id)!;
    const { body, signature } = stripe.signWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const res = await deliver(body, signature);
    expect(res.status).toBe(400);
    const err = (await res.json()).error;
    expect(err).toEqual({ code: 'connector:bad_signature', message: 'Webhook refused: the signature is older than five minutes.' });
    expect(await q('SELECT id FROM pay_charges WHERE connector_id = $1 AND id = $2', [id, obj.id])).toEqual([]);
  });

  it('a deletion event removes the object; an unknown connector id answers 404', async () => {
    const inv = stripe.add('invoice', { status: 'draft' });
    const createdEvt = stripe.events().find((e) => e.data.object.id === inv.id)!;
    expect((await deliver(...(Object.values(stripe.signWebhook(createdEvt)) as [string, string]))).status).toBe(200);
    expect(await q('SELECT count(*)::int n FROM pay_invoices WHERE connector_id = $1 AND id = $2', [id, inv.id])).toEqual([{ n: 1 }]);
    const del = stripe.remove('invoice', inv.id);
    expect((await deliver(...(Object.values(stripe.signWebhook(del)) as [string, string]))).status).toBe(200);
    expect(await q('SELECT count(*)::int n FROM pay_invoices WHERE connector_id = $1 AND id = $2', [id, inv.id])).toEqual([{ n: 0 }]);

    const r = await fetch(`${t.url}/api/connectors/00000000-0000-0000-0000-000000000000/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(404);
  });
});
