import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { ChatRuntime } from '../runtime/chat-runtime';
import type { Store } from '../store/store';
import type { Identity } from '../identity';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ParleyError('input:invalid', { status: 400, userMessage: `${i.path.join('.') || 'input'}: ${i.message}` });
  }
  return r.data;
}

/** The REST API under /api. */
export function createApiRouter(deps: { store: Store; runtime: ChatRuntime; identify(req: unknown): Identity }) {
  const { store, runtime } = deps;
  const router = Router();

  router.get('/conversations', async (req, res) => {
    const who = deps.identify(req);
    const q = parse(listQuery, req.query);
    const rows = await store.conversations.list(who.workspaceId, who.userId, q);
    res.json({ data: rows.map((c) => ({ ...c, activeRunId: runtime.isActive(c.id) })) });
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const who = deps.identify(req);
    const conversation = await store.conversations.get(req.params.id, who.workspaceId);
    if (!conversation) throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${req.params.id}.` });
    const messages = await store.conversations.messages(conversation.id, { limit: 1000 });
    const latest = await store.runs.latest(conversation.id);
    res.json({ data: { conversation, messages, activeRunId: runtime.isActive(conversation.id), latestRun: latest ?? null } });
  });

  router.get('/artifacts/:id', async (req, res) => {
    const who = deps.identify(req);
    const a = await store.runs.artifact(req.params.id);
    if (!a || a.workspaceId !== who.workspaceId) throw new ParleyError('artifact:not_found', { status: 404, userMessage: `No artifact with id ${req.params.id}.` });
    const { workspaceId: _w, ...artifact } = a;
    res.json({ data: artifact });
  });

  return router;
}
