import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { TIER_NAMES } from '../limits/tiers';
import { requireRole } from '../auth/http-auth';
import type { ApiDeps } from './api';
import { parseInput } from './parse';

export const tierBody = z.strictObject({
  tier: z.enum(TIER_NAMES, { message: `expects one of ${TIER_NAMES.join(', ')}, or null for the default` }).nullable(),
});

/**
 * GET /limits: the caller's tier and what is left of each limit. PUT /limits (the workspace's
 * tier) and PUT /limits/users/:id (one member's override): admins only, and audited.
 */
export function limitsRouter({ identify, limits, audit }: Pick<ApiDeps, 'identify' | 'limits' | 'audit'>) {
  const router = Router();

  router.get('/limits', async (req, res) => {
    res.json({ data: { ...(await limits.status(identify(req))), tiers: TIER_NAMES } });
  });

  router.put('/limits', requireRole('admin'), async (req, res) => {
    const who = identify(req);
    const { tier } = parseInput(tierBody, req.body);
    const before = await limits.status(who);
    await limits.setWorkspaceTier(who.workspaceId, tier);
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'limits.workspace_tier_changed', target: who.workspaceId, detail: { from: before.workspaceTier, to: tier ?? before.defaultTier, chosen: tier }, ip: req.ip });
    res.json({ data: { ...(await limits.status(who)), tiers: TIER_NAMES } });
  });

  router.put('/limits/users/:id', requireRole('admin'), async (req, res) => {
    const who = identify(req);
    const { tier } = parseInput(tierBody, req.body);
    const userId = String(req.params.id);
    if (!(await limits.setUserTier(who.workspaceId, userId, tier))) {
      throw new ParleyError('member:not_found', { status: 404, userMessage: `No member with id ${userId} in this workspace. Nothing was changed.` });
    }
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'limits.user_tier_changed', target: userId, detail: { to: tier }, ip: req.ip });
    res.json({ data: { userId, tier } });
  });

  return router;
}
