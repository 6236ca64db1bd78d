import { createConnectorKinds } from '../../index';
import { startTestParley, type TestMember, type TestParley, type TestParleyOptions } from '../../../../server/testing/harness';
import { startLinkedInServer, type LinkedInTestServer } from './linkedin-server';
import { startMetaServer, type MetaTestServer } from './meta-server';

/** Retries in milliseconds, so a 429 run in a test costs nothing; the kinds read the local servers' clocks. */
const FAST_RETRY = { attempts: 6, baseMs: 2, maxMs: 20 };

/**
 * A Parley with the real connector kinds and the local LinkedIn and Graph API servers as allowed
 * API bases (the harness itself may not import integrations/).
 */
export async function startSocialParley(opts: TestParleyOptions = {}): Promise<{ t: TestParley; li: LinkedInTestServer; meta: MetaTestServer; destroy(): Promise<void> }> {
  const li = await startLinkedInServer();
  const meta = await startMetaServer({ now: li.now });
  const t = await startTestParley({
    model: 'offline',
    ...opts,
    env: { PARLEY_CONNECTOR_API_BASES: `${li.url},${meta.url}`, PARLEY_CONNECTOR_SYNC_MINUTES: '0', ...opts.env },
    configure: (d) => ({
      ...(opts.configure ? opts.configure(d) : d),
      connectorKinds: createConnectorKinds({ linkedin: { retry: FAST_RETRY, now: () => li.now }, meta: { retry: FAST_RETRY, now: () => meta.now } }),
    }),
  });
  return {
    t,
    li,
    meta,
    async destroy() {
      await t.destroy();
      await li.close();
      await meta.close();
    },
  };
}

const json = { 'content-type': 'application/json' };

/** POST /api/connectors as the web page does; returns the status and body. */
export async function addConnector(m: TestMember, body: { kind: string; name: string; credentials: Record<string, unknown>; apiBase?: string }) {
  const res = await m.fetch('/api/connectors', { method: 'POST', headers: json, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}
