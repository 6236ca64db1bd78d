import { Router } from 'express';
import { requireRole } from '../auth/http-auth';
import type { CampaignStore } from '../campaigns/store';
import type { ApiDeps } from './api';
import { brandKitSchema } from './campaigns-schemas';
import { parseInput } from './parse';

/**
 * The workspace's brand kit: every member reads it (the editor marks copy against it); only
 * admins change it, as they do the workspace's other rules (members, datasources).
 */
export function brandRouter({ identify, campaigns, audit }: Pick<ApiDeps, 'identify' | 'audit'> & { campaigns: CampaignStore }) {
  const router = Router();

  router.get('/brand', async (req, res) => {
    res.json({ data: await campaigns.brandKit(identify(req).workspaceId) });
  });

  router.put('/brand', requireRole('admin'), async (req, res) => {
    const who = identify(req);
    const kit = parseInput(brandKitSchema, req.body ?? {});
    const saved = await campaigns.putBrandKit(who, kit);
    await audit.record({
      workspaceId: who.workspaceId,
      userId: who.userId,
      action: 'brand.updated',
      detail: { bannedTerms: kit.bannedTerms.length, preferredTerms: kit.preferredTerms.length, disclaimers: kit.requiredDisclaimers.length, language: kit.language },
      ip: req.ip,
    });
    res.json({ data: saved });
  });

  return router;
}
