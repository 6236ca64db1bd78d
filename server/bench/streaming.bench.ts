import { performance } from 'node:perf_hooks';
import type { RunEvent } from '../../agent/events';
import { startMockModelServer } from '../../agent/testing/mock-model-server';
import { recordEvents, request, startTestParley } from '../testing/harness';
import { fmt, mb, percentile, report } from './stats';

const TOKENS = 200;
const ANSWER = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');

/**
 * The foundation's figures: server overhead per run (model time excluded), tokens per second
 * delivered to one client, and for 200 concurrent conversations the delay added per token and memory.
 */
export async function benchStreaming(opts: { runs?: number; concurrent?: number } = {}) {
  const runs = opts.runs ?? 40;
  const concurrent = opts.concurrent ?? 200;
  const mock = await startMockModelServer();
  mock.setFallback({ text: ANSWER });
  const t = await startTestParley({ mock });
  try {
    // --- sequential runs on one client
    const s = await t.client();
    const rec = recordEvents(s);
    const overheads: number[] = [];
    let tokens = 0;
    let streamingMs = 0;
    for (let i = 0; i < runs + 3; i++) {
      const before = mock.requests.length;
      const t0 = performance.now();
      const ack = await request(s, 'chat:send', { text: `question ${i}` });
      if (!('data' in ack)) throw new Error(JSON.stringify(ack));
      await rec.terminal(ack.data.runId);
      const total = performance.now() - t0;
      const modelMs = mock.requests.slice(before).reduce((sum, r) => sum + ((r.endedAt ?? 0) - r.startedAt), 0);
      if (i < 3) continue; // warm-up
      overheads.push(total - modelMs);
      const evs = rec.ofRun(ack.data.runId);
      tokens += evs.filter((e) => e.type === 'message:delta').length;
      streamingMs += total;
    }
    report('Streaming: one client, sequential runs (mock model, 200 tokens, no delay)', [
      ['runs', String(runs)],
      ['server overhead per run p50', `${fmt(percentile(overheads, 50))} ms`],
      ['server overhead per run p99', `${fmt(percentile(overheads, 99))} ms`],
      ['tokens per second to one client', fmt(tokens / (streamingMs / 1000), 0)],
    ]);

    // --- many conversations at once
    const clients = await Promise.all(Array.from({ length: concurrent }, () => t.client()));
    const delays: number[] = [];
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        const done = new Promise<void>((resolve) => {
          c.onAny((_name: string, e: RunEvent) => {
            if (e.type === 'message:delta') delays.push(Date.now() - Date.parse(e.at));
            if (e.type === 'message:completed' || e.type === 'run:error' || e.type === 'run:cancelled') resolve();
          });
        });
        const ack = await request(c, 'chat:send', { text: `concurrent ${i}` });
        if (!('data' in ack)) throw new Error(JSON.stringify(ack));
        await done;
      }),
    );
    const wall = performance.now() - t0;
    clearInterval(sampler);
    report(`Streaming: ${concurrent} concurrent conversations`, [
      ['tokens delivered', String(delays.length)],
      ['wall time', `${fmt(wall, 0)} ms`],
      ['delay added per token p50', `${fmt(percentile(delays, 50))} ms (recorded by the runtime → received by the client)`],
      ['delay added per token p99', `${fmt(percentile(delays, 99))} ms`],
      ['peak RSS (server and clients in one process)', mb(peakRss)],
      ['heap used after', mb(process.memoryUsage().heapUsed)],
    ]);
  } finally {
    await t.destroy();
    await mock.close();
  }
}
