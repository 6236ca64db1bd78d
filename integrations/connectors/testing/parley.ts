import { createConnectorKinds, type ConnectorKindOptions } from '../index';
import { startTestParley, type TestMember, type TestParley, type TestParleyOptions } from '../../../server/testing/harness';
import { startStripeTestServer, type StripeTestServer } from './stripe-server';

/** Fast page retries: a 429 storm in a test costs its Retry-After, not minutes. */
export const TEST_KIND_OPTIONS: ConnectorKindOptions = { stripe: { windowDays: 30, retry: { baseDelayMs: 20, maxDelayMs: 2000, attempts: 8 }, maxNetworkRetries: 1 } };

/**
 * A Parley with the real connector kinds (the harness itself may not import integrations/) and a
 * local Stripe-compatible server it is allowed to reach as an API base.
 */
export async function startConnectorsParley(
  opts: TestParleyOptions & { kinds?: ConnectorKindOptions; stripe?: StripeTestServer } = {},
): Promise<{ t: TestParley; stripe: StripeTestServer; destroy(): Promise<void> }> {
  const stripe = opts.stripe ?? (await startStripeTestServer());
  const t = await startTestParley({
    model: 'offline',
    ...opts,
    env: { PARLEY_CONNECTOR_API_BASES: stripe.url, PARLEY_CONNECTOR_SYNC_MINUTES: '0', ...opts.env },
    configure: (d) => {
      const deps = opts.configure ? opts.configure(d) : d;
      return { ...deps, connectorKinds: createConnectorKinds(opts.kinds ?? TEST_KIND_OPTIONS) };
    },
  });
  return {
    t,
    stripe,
    async destroy() {
      await t.destroy();
      if (!opts.stripe) await stripe.close();
    },
  };
}

const json = { 'content-type': 'application/json' };

/** Adds a Stripe connector through the API (its first sync starts at once). */
export async function addStripeConnector(m: TestMember, stripe: StripeTestServer, extra: { name?: string; key?: string; webhookSecret?: string } = {}) {
  const res = await m.fetch('/api/connectors', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ kind: 'stripe', name: extra.name ?? 'Stripe', apiBase: stripe.url, credentials: { secretKey: extra.key ?? stripe.key, webhookSecret: extra.webhookSecret ?? stripe.webhookSecret } }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`adding the connector failed: ${res.status} ${JSON.stringify(body)}`);
  return body.data as { id: string; status: string };
}

/** Polls GET /api/connectors/:id until it is not syncing, as the web page does. */
export async function waitForSync(m: TestMember, id: string, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const r = await m.fetch(`/api/connectors/${id}`);
    const body = await r.json();
    if (r.status !== 200) throw new Error(`GET connector: ${r.status} ${JSON.stringify(body)}`);
    if (body.data.status !== 'syncing') return body.data as ConnectorView;
    if (Date.now() > end) throw new Error(`sync did not finish: ${JSON.stringify(body.data)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ConnectorView {
  id: string;
  status: 'idle' | 'syncing' | 'error';
  lastError: string | null;
  lastSyncFinishedAt: string | null;
  streams: { stream: string; rows: number; lastError: string | null }[];
}

export const rowsOf = (c: ConnectorView, stream: string) => c.streams.find((s) => s.stream === stream)?.rows;
