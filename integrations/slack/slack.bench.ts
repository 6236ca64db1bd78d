import { performance } from 'node:perf_hooks';
import { fmt, percentile, report } from '../../server/bench/stats';
import { appMention } from './testing/payloads';
import { startSlackParley } from './testing/slack-harness';

const TOKENS = 200;
const ANSWER = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');

/**
 * Slack's figures, through real bolt against the fake Web API with the mock model (no token
 * delay, PGlite): how soon a mention shows something in Slack, how soon the answer is complete,
 * and how many Web API calls an answer costs with streaming and with the updated-message fallback.
 */
export async function benchSlack(opts: { runs?: number } = {}) {
  const runs = opts.runs ?? 30;
  const s = await startSlackParley({ teams: ['T1', 'TSLOW'] });
  try {
    s.mock.setFallback({ text: ANSWER });
    const firstVisible: number[] = [];
    const complete: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      s.fake.reset();
      const t0 = Date.now();
      await s.feed(appMention({ text: `question ${i}`, channel: `CB${i}` }));
      await s.channel!.idle();
      const done = Date.now();
      if (i < 3) continue; // warm-up
      const start = s.fake.calls.find((c) => c.method === 'chat.startStream')!;
      const stop = s.fake.calls.find((c) => c.method === 'chat.stopStream')!;
      firstVisible.push(s.fake.startedAt + start.at - t0);
      complete.push(Math.max(done, s.fake.startedAt + stop.at) - t0);
      calls.push(s.fake.calls.filter((c) => c.method.endsWith('Stream')).length);
    }
    report(`Slack: a mention answered with native streaming (mock model, ${TOKENS} tokens, no delay)`, [
      ['runs', String(runs)],
      ['mention → first streamed call p50', `${fmt(percentile(firstVisible, 50))} ms`],
      ['mention → first streamed call p99', `${fmt(percentile(firstVisible, 99))} ms`],
      ['mention → answer complete p50', `${fmt(percentile(complete, 50))} ms`],
      ['mention → answer complete p99', `${fmt(percentile(complete, 99))} ms`],
      ['stream calls per answer (start+append+stop)', fmt(percentile(calls, 50), 0)],
    ]);

    // A model that takes its time (200 tokens at 10 ms): text goes out in batches, not per token.
    s.fake.reset();
    s.mock.enqueue({ text: ANSWER, tokenDelayMs: 10 });
    const p0 = Date.now();
    await s.feed(appMention({ text: 'paced', channel: 'CPACED' }));
    await s.channel!.idle();
    const paced = s.fake.calls.filter((c) => c.method.endsWith('Stream'));
    report(`Slack: native streaming of a paced answer (${TOKENS} tokens at 10 ms, ≈${ANSWER.length} characters)`, [
      ['answer complete', `${fmt(Date.now() - p0, 0)} ms`],
      ['stream calls (start+append+stop)', String(paced.length)],
      ['first streamed call after', `${fmt(s.fake.startedAt + paced[0].at - p0, 0)} ms`],
    ]);

    // The fallback, for a slow answer: how many edits a 3-second answer costs.
    s.fake.reset();
    s.fake.respond('chat.startStream', { ok: false, error: 'feature_not_enabled' });
    s.mock.enqueue({ text: Array.from({ length: 60 }, (_, i) => `w${i}`).join(' '), tokenDelayMs: 50 });
    const f0 = performance.now();
    await s.feed(appMention({ team: 'TSLOW', text: 'slow one', channel: 'CSLOW' }));
    await s.channel!.idle();
    const edits = s.fake.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    report('Slack: updated-message fallback (60 tokens at 50 ms, ≈3 s of model time)', [
      ['answer complete', `${fmt(performance.now() - f0, 0)} ms`],
      ['postMessage + update calls', String(edits.length)],
    ]);
  } finally {
    await s.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSlack();
  process.stdout.write('\n');
}
