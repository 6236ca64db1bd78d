import { Router } from 'express';
import { ParleyError } from '../../agent/errors';
import type { ApiDeps } from './api';
import { visibleTo } from './owned';

/** Artifacts (tables, charts…) by id, scoped to the caller's workspace. */
export function artifactsRouter({ store, identify }: ApiDeps) {
  const router = Router();

  router.get('/artifacts/:id', async (req, res) => {
    const who = identify(req);
    const a = await store.runs.artifact(req.params.id);
    if (!a || !visibleTo(a, who)) throw new ParleyError('artifact:not_found', { status: 404, userMessage: `No artifact with id ${req.params.id}.` });
    const { workspaceId: _w, userId: _u, ...artifact } = a;
    res.json({ data: artifact });
  });

  return router;
}
