import { Router, type Request } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { checkCampaignShape, platformSchema } from '../../tools/campaigns/draft/campaign-schema';
import { EXPORT_FORMATS, EXPORT_PLATFORMS, exportCampaign } from '../../tools/campaigns/export/index';
import type { Campaign, CampaignFinding, CampaignPlatform } from '../../tools/campaigns/model';
import { fieldLimits, RULES_VERSION, validateCampaign } from '../../tools/campaigns/validate';
import { requireRole } from '../auth/http-auth';
import type { CampaignStore } from '../campaigns/store';
import type { Identity } from '../identity';
import type { ApiDeps } from './api';
import { checkBody, patchBody, versionParam } from './campaigns-schemas';
import { parseInput } from './parse';

const exportQuery = z.object({ format: z.enum(EXPORT_FORMATS, { error: `format must be ${EXPORT_FORMATS.join(', ')}` }) });
/** The formats a platform's draft exports as (the exporters say which fit which). */
const formatsOf = (platform: CampaignPlatform) => EXPORT_FORMATS.filter((f) => EXPORT_PLATFORMS[f].includes(platform));
const rulesQuery = z.object({ platform: platformSchema });

/** How many errors a refusal names in its message; all of them are in its details. */
const ERRORS_NAMED = 3;

type CampaignDeps = Pick<ApiDeps, 'identify' | 'audit'> & { campaigns: CampaignStore };

function notFound(id: string) {
  return new ParleyError('campaign:not_found', { status: 404, userMessage: `No campaign draft with id ${id} in this workspace.` });
}

/** A campaign of `platform` or a 400 naming where the body stops being one. */
function shaped(value: unknown, platform: CampaignPlatform): Campaign {
  const r = checkCampaignShape(value, platform);
  if (r.ok) return r.campaign;
  throw new ParleyError('campaign:invalid_shape', { status: 400, userMessage: `campaign${r.path}: ${r.message} (this draft is a ${platform} campaign).`, details: { path: r.path } });
}

/** A file name safe in a Content-Disposition header: the export's name, reduced to plain characters. */
function attachment(filename: string) {
  const plain = filename.replace(/[^\w.-]+/g, '_').slice(0, 120) || 'campaign';
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function refuseErrors(findings: CampaignFinding[]) {
  const errors = findings.filter((f) => f.severity === 'error');
  if (!errors.length) return;
  const named = errors.slice(0, ERRORS_NAMED).map((f) => `${f.field}: ${f.message}`);
  const more = errors.length > ERRORS_NAMED ? ` (and ${errors.length - ERRORS_NAMED} more)` : '';
  throw new ParleyError('campaign:has_errors', {
    status: 422,
    userMessage: `This draft has ${errors.length} error${errors.length === 1 ? '' : 's'} the platform would reject; fix ${errors.length === 1 ? 'it' : 'them'} before exporting: ${named.join('; ')}${more}.`,
    details: { findings },
  });
}

/**
 * Campaign drafts: list, read (any version), edit by hand (compare-and-set on the version the
 * editor read), check without saving, the rule limits for the editor's counters, and export.
 * Every member of the workspace reads; analysts and admins change.
 */
export function campaignsRouter({ identify, campaigns, audit }: CampaignDeps) {
  const router = Router();

  async function current(req: Request, who: Identity) {
    const found = await campaigns.get(who.workspaceId, String(req.params.id));
    if (!found) throw notFound(String(req.params.id));
    return found;
  }

  router.get('/campaigns', async (req, res) => {
    res.json({ data: await campaigns.list(identify(req).workspaceId) });
  });

  // Before /campaigns/:id, which would take "rules" for an id.
  router.get('/campaigns/rules', (req, res) => {
    const { platform } = parseInput(rulesQuery, req.query);
    res.json({ data: { rulesVersion: RULES_VERSION, fields: fieldLimits(platform) } });
  });

  router.post('/campaigns/check', async (req, res) => {
    const who = identify(req);
    const body = parseInput(checkBody, req.body ?? {});
    const platform = platformSchema.safeParse((body.campaign as { platform?: unknown } | null)?.platform);
    if (!platform.success) throw new ParleyError('campaign:invalid_shape', { status: 400, userMessage: `campaign/platform: must be one of ${platformSchema.options.join(', ')}.`, details: { path: '/platform' } });
    const campaign = shaped(body.campaign, platform.data);
    const { findings, rulesVersion } = validateCampaign(campaign, { brand: await campaigns.brandKit(who.workspaceId) });
    res.json({ data: { findings, rulesVersion } });
  });

  router.get('/campaigns/:id', async (req, res) => {
    res.json({ data: await current(req, identify(req)) });
  });

  router.patch('/campaigns/:id', requireRole('analyst'), async (req, res) => {
    const who = identify(req);
    const body = parseInput(patchBody, req.body ?? {});
    const base = await current(req, who);
    const campaign = shaped(body.campaign, base.platform);
    const { findings, rulesVersion } = validateCampaign(campaign, { brand: await campaigns.brandKit(who.workspaceId) });
    const saved = await campaigns.saveVersion(who, base.id, body.baseVersion, { campaign, findings, rulesVersion, grounding: base.grounding, summary: 'Edited by hand' }, 'hand');
    if (!saved.ok && saved.reason === 'conflict') {
      throw new ParleyError('campaign:conflict', {
        status: 409,
        userMessage: `This draft changed while you were editing it: it is now at version ${saved.current.version}, and your edit was made on version ${body.baseVersion}. Reload it, then make your change again.`,
        details: { current: saved.current.version },
      });
    }
    if (!saved.ok) throw notFound(base.id);
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'campaign.edited', target: base.id, detail: { version: saved.stored.version, source: 'hand' }, ip: req.ip });
    res.json({ data: saved.stored });
  });

  router.get('/campaigns/:id/versions', async (req, res) => {
    const who = identify(req);
    const rows = await campaigns.versions(who.workspaceId, String(req.params.id));
    if (!rows) throw notFound(String(req.params.id));
    res.json({ data: rows });
  });

  router.get('/campaigns/:id/versions/:version', async (req, res) => {
    const who = identify(req);
    const version = parseInput(versionParam, req.params.version);
    const found = await campaigns.get(who.workspaceId, String(req.params.id), version);
    if (!found) {
      if (!(await campaigns.get(who.workspaceId, String(req.params.id)))) throw notFound(String(req.params.id));
      throw new ParleyError('campaign:version_not_found', { status: 404, userMessage: `Campaign draft ${req.params.id} has no version ${version}.` });
    }
    res.json({ data: found });
  });

  router.get('/campaigns/:id/export', async (req, res) => {
    const who = identify(req);
    const { format } = parseInput(exportQuery, req.query);
    const draft = await current(req, who);
    if (!formatsOf(draft.platform).includes(format)) {
      throw new ParleyError('campaign:export_format', { status: 400, userMessage: `A ${draft.platform} draft exports as ${formatsOf(draft.platform).join(' or ')}, not ${format}.` });
    }
    // Checked again now, not trusted from when it was saved: the rules or the brand kit may have changed since.
    const { findings } = validateCampaign(draft.campaign, { brand: await campaigns.brandKit(who.workspaceId) });
    refuseErrors(findings);
    const file = await exportCampaign(draft.campaign, format);
    await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'export.campaign', target: draft.id, detail: { version: draft.version, format }, ip: req.ip });
    res.set('content-type', file.contentType).set('content-disposition', attachment(file.filename)).send(file.body);
  });

  return router;
}
