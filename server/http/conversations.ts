import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { Identity } from '../identity';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // Postgres has no year 0: such a date would fail in the query, not here.
  before: z.iso.datetime({ offset: true }).refine((v) => !v.startsWith('0000'), 'before must be a date from year 1 on').optional(),
  /** Only conversations whose title or messages contain this text. */
  q: z.string().trim().max(200, 'q must be at most 200 characters').optional(),
});

const updateBody = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty').max(200, 'title must be at most 200 characters').optional(),
    /** A datasource name, or null for the workspace default. */
    datasource: z.string().trim().min(1, 'datasource must not be empty (use null for the default)').max(200).nullable().optional(),
  })
  .strict()
  .refine((b) => b.title !== undefined || b.datasource !== undefined, 'give title and/or datasource');

/** Conversations and their messages: list, search, rename, re-point, delete, history (messages, artifacts, tool steps). */
export function conversationsRouter({ store, runtime, identify, datasources }: ApiDeps) {
  const router = Router();

  async function owned(id: string, who: Identity) {
    const conversation = await store.conversations.get(id, who);
    if (!conversation) throw new ParleyError('conversation:not_found', { status: 404, userMessage: `No conversation with id ${id}.` });
    return conversation;
  }

  /** A conversation may only point at a datasource of the workspace (by id or name, as resolve reads it); an unreachable one still counts. */
  async function known(ref: string, who: Identity) {
    const all = await datasources.list(who.workspaceId);
    if (all.some((d) => d.id === ref || d.name.toLowerCase() === ref.toLowerCase())) return;
    throw new ParleyError('datasource:not_found', { status: 404, userMessage: `There is no datasource "${ref}" in this workspace. Available: ${all.map((d) => d.name).join(', ')}.` });
  }

  router.get('/conversations', async (req, res) => {
    const who = identify(req);
    const q = parseInput(listQuery, req.query);
    const rows = q.q
      ? await store.conversations.search(who.workspaceId, who.userId, { q: q.q, limit: q.limit })
      : await store.conversations.list(who.workspaceId, who.userId, q);
    res.json({ data: rows.map((c) => ({ ...c, activeRunId: runtime.isActive(c.id) })) });
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const who = identify(req);
    const conversation = await owned(req.params.id, who);
    const messages = await store.conversations.messages(conversation.id, { limit: 1000 });
    const latest = await store.runs.latest(conversation.id);
    res.json({ data: { conversation, messages, activeRunId: runtime.isActive(conversation.id), latestRun: latest ?? null } });
  });

  router.get('/conversations/:id/artifacts', async (req, res) => {
    const who = identify(req);
    const conversation = await owned(req.params.id, who);
    res.json({ data: await store.conversations.artifacts(conversation.id) });
  });

  router.get('/conversations/:id/timeline', async (req, res) => {
    const who = identify(req);
    const conversation = await owned(req.params.id, who);
    res.json({ data: await store.conversations.timeline(conversation.id) });
  });

  router.patch('/conversations/:id', async (req, res) => {
    const who = identify(req);
    const change = parseInput(updateBody, req.body ?? {});
    await owned(req.params.id, who);
    if (change.datasource) await known(change.datasource, who);
    const updated = await store.conversations.update(req.params.id, who.workspaceId, change);
    res.json({ data: updated });
  });

  router.delete('/conversations/:id', async (req, res) => {
    const who = identify(req);
    const conversation = await owned(req.params.id, who);
    // A running answer would keep writing into a conversation that no longer exists.
    if (runtime.isActive(conversation.id)) {
      throw new ParleyError('run:busy', { status: 409, userMessage: 'Parley is still answering in this conversation. Press Stop, then delete it.' });
    }
    await store.conversations.remove(conversation.id, who.workspaceId);
    res.json({ data: { deleted: true, id: conversation.id } });
  });

  return router;
}
