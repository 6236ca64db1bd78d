import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import { parseInput } from '../../server/http/parse';
import { verifyLink } from '../../server/http/signed-links';
import type { Store } from '../../server/store/store';
import type { ChartArtifactData, ForecastArtifactData } from '../../tools/artifacts';

/** Renders a Vega-Lite spec to a PNG (server/charts/render.ts provides it). */
export type RenderChartPng = (spec: Record<string, unknown>, size: { width: number; height: number }) => Promise<Buffer>;

export const CHART_SIZE = { width: 800, height: 450 };

const query = z.object({
  expires: z.coerce.number({ message: 'expects the link\'s expiry time' }).int().positive(),
  sig: z.string().min(1, 'expects the link\'s signature').max(200),
});

/**
 * Chart images for Teams cards, rendered on request from the stored artifact (so any instance
 * can serve them) and reached through a signed, expiring link: Teams fetches card images
 * without Parley credentials.
 */
export function chartImagesRouter(o: { store: Store; key: Buffer; render: RenderChartPng }) {
  const router = Router();
  router.get('/:id.png', async (req, res) => {
    const q = parseInput(query, req.query);
    const artifactId = req.params.id;
    const check = verifyLink(o.key, { purpose: 'png', artifactId, expires: q.expires }, q.sig);
    if (!check.ok && check.reason === 'expired') throw new ParleyError('download:expired', { status: 410, userMessage: 'This chart link has expired. Ask Parley again for a fresh chart.' });
    if (!check.ok) throw new ParleyError('download:bad_signature', { status: 403, userMessage: 'This chart link is not valid.' });
    const a = await o.store.runs.artifact(artifactId);
    // Forecasts carry their chart (history, forecast, band) as a spec, like charts do.
    if (!a || (a.kind !== 'chart' && a.kind !== 'forecast')) throw new ParleyError('artifact:not_found', { status: 404, userMessage: `No chart with id ${artifactId}.` });
    const png = await o.render((a.data as ChartArtifactData | ForecastArtifactData).spec, CHART_SIZE);
    res.setHeader('content-type', 'image/png');
    res.setHeader('cache-control', 'private, max-age=3600');
    res.send(png);
  });
  return router;
}
