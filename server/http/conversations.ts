import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime({ offset: true }).optional(),
});

/** Conversations and their messages. */
export function conversationsRouter({ store, runtime, identify }: ApiDeps) {
  const router = Router();

  router.get('/conversations', async (req, res) => {
    const who = identify(req);
    const q = parseInput(listQuery, req.query);
    const rows = await store.conversations.list(who.workspaceId, who.userId, q);
    res.json({ data: rows.map((c) => ({ ...c, activeRunId: runtime.isActive(c.id) })) });
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const who = identify(req);
    const conversation = await store.conversations.get(req.params.id, who.workspaceId);
    if (!conversation) throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${req.params.id}.` });
    const messages = await store.conversations.messages(conversation.id, { limit: 1000 });
    const latest = await store.runs.latest(conversation.id);
    res.json({ data: { conversation, messages, activeRunId: runtime.isActive(conversation.id), latestRun: latest ?? null } });
  });

  return router;
}
