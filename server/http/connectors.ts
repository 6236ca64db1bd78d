import { Router, type Request } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { requireRole } from '../auth/http-auth';
import { checkApiBase } from '../connectors/api-base';
import type { ConnectorStore } from '../connectors/store';
import type { ConnectorSyncs } from '../connectors/syncs';
import type { ConnectorKind } from '../connectors/types';
import type { Logger } from '../logger';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

export interface ConnectorsDeps {
  store: ConnectorStore;
  syncs: ConnectorSyncs;
  kinds: ConnectorKind[];
  log: Logger;
  /** PARLEY_CONNECTOR_API_BASES: the only origins a connector's apiBase may name. */
  apiBaseAllowList?: string;
}

export const addConnectorBody = z.object({
  kind: z.string().min(1, 'expects a connector kind such as "stripe"').max(40),
  name: z.string().trim().min(1, 'expects a name').max(100, 'expects at most 100 characters'),
  credentials: z.record(z.string(), z.unknown(), { message: 'expects an object of the kind\'s credential fields' }),
  apiBase: z.string().max(500).optional(),
});

// A provider that does not answer a credential test within this is reported, not waited for.
const TEST_TIMEOUT_MS = 20_000;

const notFound = (id: string) => new ParleyError('connector:not_found', { status: 404, userMessage: `No connector with id ${id} in this workspace.` });

/**
 * Webhooks from the providers: before the sign-in check, since the provider authenticates each
 * delivery by its signature over the raw body (the kind verifies it), not with a session.
 */
export function connectorWebhooksRouter({ connectors }: { connectors: ConnectorsDeps }) {
  const router = Router();
  router.post('/connectors/:id/webhook', async (req: Request & { rawBody?: Buffer }, res) => {
    const id = String(req.params.id);
    const opened = await connectors.store.open(id).catch(() => undefined);
    const kind = opened && connectors.kinds.find((k) => k.kind === opened.ref.kind);
    if (!opened || !kind?.webhook) throw new ParleyError('connector:not_found', { status: 404, userMessage: `No connector with id ${id} takes webhooks.` });
    const result = await kind.webhook(
      { rawBody: req.rawBody ?? Buffer.alloc(0), headers: req.headers },
      {
        connector: opened.ref,
        credentials: kind.credentials.parse(opened.credentials),
        log: connectors.log,
        applyOnce: (eventId, writes) =>
          connectors.store.commit(opened.ref, writes, {}, async (client) => {
            const r = await client.query('INSERT INTO connector_webhook_events (connector_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [opened.ref.id, eventId]);
            return (r.rowCount ?? 0) > 0;
          }),
      },
    );
    res.json({ data: { received: true, eventId: result.eventId, duplicate: !result.applied } });
  });
  return router;
}

/** Connectors of the caller's workspace: admins add, sync and delete them; every member reads. */
export function connectorsRouter({ identify, audit, connectors }: Pick<ApiDeps, 'identify' | 'audit'> & { connectors: ConnectorsDeps }) {
  const router = Router();
  const admin = requireRole('admin');
  const { store, syncs, kinds } = connectors;

  router.get('/connector-kinds', (_req, res) => {
    res.json({ data: kinds.map((k) => ({ kind: k.kind, label: k.label, category: k.category, fields: k.fields, streams: k.streams.map((s) => s.name) })) });
  });

  router.get('/connectors', async (req, res) => {
    res.json({ data: await store.list(identify(req).workspaceId) });
  });

  router.get('/connectors/:id', async (req, res) => {
    const c = await store.get(identify(req).workspaceId, String(req.params.id));
    if (!c) throw notFound(String(req.params.id));
    res.json({ data: c });
  });

  router.post('/connectors', admin, async (req, res) => {
    const who = identify(req);
    const body = parseInput(addConnectorBody, req.body);
    const kind = kinds.find((k) => k.kind === body.kind);
    if (!kind) {
      throw new ParleyError('connector:unknown_kind', { status: 400, userMessage: `kind: "${body.kind.slice(0, 40)}" is not a connector Parley has; known: ${kinds.map((k) => k.kind).join(', ') || 'none'}.` });
    }
    const credentials = parseInput(kind.credentials, body.credentials);
    const apiBase = checkApiBase(body.apiBase, connectors.apiBaseAllowList);
    // The provider must accept the credentials before anything is stored.
    const account = await kind.test(credentials, apiBase ?? undefined, AbortSignal.timeout(TEST_TIMEOUT_MS));
    let id: string;
    try {
      id = await store.create({ workspaceId: who.workspaceId, kind: kind.kind, name: body.name, credentials, apiBase, createdBy: who.userId });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ParleyError('connector:name_taken', { status: 409, userMessage: `A connector named "${body.name}" already exists in this workspace.` });
      throw e;
    }
    // Never the credentials.
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'connector.added', target: id, detail: { kind: kind.kind, name: body.name, account: account.accountName }, ip: req.ip });
    // The first sync (the backfill) starts at once; the page shows it running.
    await syncs.start(id);
    res.status(201).json({ data: { ...(await store.get(who.workspaceId, id)), accountName: account.accountName } });
  });

  router.post('/connectors/:id/sync', admin, async (req, res) => {
    const who = identify(req);
    const id = String(req.params.id);
    if (!(await store.get(who.workspaceId, id))) throw notFound(id);
    const started = await syncs.start(id);
    if (started === 'busy') throw new ParleyError('connector:sync_running', { status: 409, userMessage: 'A sync of this connector is already running; it shows its progress here.' });
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'connector.sync_requested', target: id, ip: req.ip });
    res.status(202).json({ data: await store.get(who.workspaceId, id) });
  });

  router.delete('/connectors/:id', admin, async (req, res) => {
    const who = identify(req);
    const id = String(req.params.id);
    if (!(await store.get(who.workspaceId, id))) throw notFound(id);
    // A sync running here stops first, so it cannot write rows after the cascade removed them.
    await syncs.stop(id);
    if (!(await store.remove(who.workspaceId, id))) throw notFound(id);
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'connector.removed', target: id, ip: req.ip });
    res.status(204).end();
  });

  return router;
}
