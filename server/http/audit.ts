import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { requireRole } from '../auth/http-auth';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

const when = (name: string) =>
  z.iso.datetime({ offset: true, message: `${name} expects an ISO date-time such as 2025-01-31T09:00:00Z` }).refine((v) => !v.startsWith('0000'), `${name} must be a date from year 1 on`);

export const auditQuery = z.strictObject({
  /** Exact (`sql.ran`) or a prefix ending in `.*` (`sql.*`). */
  action: z
    .string()
    .max(100, 'action expects at most 100 characters')
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/, 'action expects an action such as sql.ran, or a prefix such as sql.*')
    .optional(),
  userId: z.string().min(1).max(200).optional(),
  since: when('since').optional(),
  until: when('until').optional(),
  limit: z.coerce.number({ message: 'limit expects a whole number' }).int('limit expects a whole number').min(1, 'limit must be at least 1').max(500, 'limit must be at most 500').default(100),
  /** The `next` of the previous page: entries older than this id. */
  before: z.string().regex(/^[1-9]\d{0,17}$/, 'before expects the id given as `next` on the previous page').optional(),
});

interface Row {
  id: string;
  at: Date;
  user_id: string | null;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

/**
 * GET /audit (admins): the workspace's audit log, newest first, filtered and paged by id. There
 * is deliberately no route that changes it; the table's triggers refuse it too (migration 082).
 */
export function auditRouter({ identify, store }: Pick<ApiDeps, 'identify' | 'store'>) {
  const router = Router();

  router.get('/audit', requireRole('admin'), async (req, res) => {
    const q = parseInput(auditQuery, req.query);
    if (q.since && q.until && Date.parse(q.since) > Date.parse(q.until)) {
      throw new ParleyError('input:invalid', { status: 400, userMessage: 'since must not be later than until.' });
    }
    const prefix = q.action?.endsWith('.*') ? q.action.slice(0, -1) : null;
    const exact = q.action && !prefix ? q.action : null;
    const r = await store.db.pool.query<Row>(
      `SELECT id, at, user_id, action, target, detail, ip FROM audit_log
        WHERE workspace_id = $1
          AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR starts_with(action, $3))
          AND ($4::text IS NULL OR user_id = $4)
          AND ($5::timestamptz IS NULL OR at >= $5)
          AND ($6::timestamptz IS NULL OR at <= $6)
          AND ($7::bigint IS NULL OR id < $7)
        ORDER BY id DESC
        LIMIT $8`,
      [identify(req).workspaceId, exact, prefix, q.userId ?? null, q.since ?? null, q.until ?? null, q.before ?? null, q.limit + 1],
    );
    const page = r.rows.slice(0, q.limit);
    res.json({
      data: page.map((e) => ({ id: Number(e.id), at: e.at.toISOString(), userId: e.user_id, action: e.action, target: e.target, detail: e.detail, ip: e.ip })),
      next: r.rows.length > q.limit ? Number(page[page.length - 1].id) : null,
    });
  });

  return router;
}
