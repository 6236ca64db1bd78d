import { Router } from 'express';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { ChartArtifactData, ForecastArtifactData, TableArtifactData } from '../../tools/artifacts';
import { buildChart } from '../../tools/make-chart/spec';
import { RENDER_LIMITS, sharedRenderPool } from '../charts/render-pool';
import type { ApiDeps } from './api';
import { visibleTo } from './owned';
import { parseInput } from './parse';

const sizeQuery = z.strictObject({
  width: z.coerce.number().int('width must be a whole number of pixels').min(100, 'width must be at least 100').max(RENDER_LIMITS.maxSide, `width must be at most ${RENDER_LIMITS.maxSide}`).default(800),
  height: z.coerce.number().int('height must be a whole number of pixels').min(100, 'height must be at least 100').max(RENDER_LIMITS.maxSide, `height must be at most ${RENDER_LIMITS.maxSide}`).default(450),
  scale: z.coerce.number().min(0.5, 'scale must be at least 0.5').max(RENDER_LIMITS.maxScale, `scale must be at most ${RENDER_LIMITS.maxScale}`).default(1),
});

/**
 * Charts as images: `GET /api/artifacts/:id.png` and `.svg`, drawn on the server (for Slack,
 * Teams and exports). A table's id gives the chart Parley would choose for it. Mount before
 * the artifacts router: its `/artifacts/:id` would also match `x.png`.
 */
export function chartImagesRouter({ store, identify, renderPool = sharedRenderPool() }: ApiDeps) {
  const router = Router();

  router.get('/artifacts/:file', async (req, res, next) => {
    const m = /^(.+)\.(png|svg)$/.exec(req.params.file);
    if (!m) return next();
    const [, id, format] = m;
    const size = parseInput(sizeQuery, req.query);
    const who = identify(req);
    const a = await store.runs.artifact(id);
    if (!a || !visibleTo(a, who)) throw new ParleyError('artifact:not_found', { status: 404, userMessage: `No artifact with id ${id}.` });
    let spec: Record<string, unknown>;
    if (a.kind === 'chart') spec = (a.data as ChartArtifactData).spec;
    // A forecast carries its own chart (history, dashed forecast, band).
    else if (a.kind === 'forecast') spec = (a.data as ForecastArtifactData).spec;
    else if (a.kind === 'table') {
      const built = buildChart(a.data as TableArtifactData);
      if (!built.ok) throw new ParleyError('chart:unsuitable', { status: 422, userMessage: `Table ${id} cannot be drawn as a chart: ${built.error}.` });
      spec = built.spec;
    } else throw new ParleyError('chart:not_a_chart', { status: 422, userMessage: `Artifact ${id} is a ${a.kind}; only charts, forecasts and tables can be drawn as images.` });

    // Drawn on the pool's threads (never this one); artifacts never change, so the id names the spec.
    let image: Buffer | string;
    try {
      image = format === 'svg'
        ? await renderPool.svg(spec, { width: size.width, height: size.height, background: '#ffffff' }, `artifact:${a.id}`)
        : await renderPool.png(spec, size, `artifact:${a.id}`);
    } catch (e) {
      if (e instanceof ParleyError && e.code === 'chart:busy') res.set('retry-after', '5');
      throw e;
    }
    // Artifacts never change, so an image can be cached as long as the browser likes.
    res.set('cache-control', 'private, max-age=86400, immutable');
    res.type(format === 'svg' ? 'image/svg+xml' : 'image/png').send(image);
  });

  return router;
}
