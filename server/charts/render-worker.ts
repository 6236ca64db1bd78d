import { parentPort } from 'node:worker_threads';
import { ParleyError } from '../../agent/errors';
import { renderChartPng, renderChartSvg } from './render';
import type { RenderJob, RenderReply } from './render-pool';

/**
 * One render thread of the pool (render-pool.ts): Vega layout and resvg rasterising are
 * synchronous CPU work that would freeze every request if they ran on the main thread.
 */
const port = parentPort;
if (!port) throw new Error('render-worker.ts runs only as a worker thread (see render-pool.ts)');

port.on('message', async (job: RenderJob) => {
  let reply: RenderReply;
  try {
    if (job.format === 'svg') {
      reply = { id: job.id, ok: true, svg: await renderChartSvg(job.spec, { width: job.width, height: job.height, background: job.background }) };
    } else {
      const png = await renderChartPng(job.spec, { width: job.width, height: job.height, scale: job.scale, background: job.background });
      // A copy owns its memory, so it can be transferred (a Buffer may share a pooled ArrayBuffer).
      reply = { id: job.id, ok: true, png: new Uint8Array(png) };
    }
  } catch (e) {
    // Errors cannot cross threads as classes: the pool rebuilds a ParleyError from these fields.
    const p = e instanceof ParleyError ? e : undefined;
    reply = { id: job.id, ok: false, error: { code: p?.code ?? 'chart:render_failed', status: p?.status ?? 500, userMessage: p?.userMessage, message: (e as Error)?.message ?? String(e) } };
  }
  port.postMessage(reply, reply.ok && reply.png ? [reply.png.buffer as ArrayBuffer] : []);
});
