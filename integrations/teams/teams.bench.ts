// `npx tsx integrations/teams/teams.bench.ts`: figures for the Teams channel (prints, asserts nothing).
// Lives here rather than in server/bench because server/ may not import integrations/.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { startMockModelServer } from '../../agent/testing/mock-model-server';
import { fmt, percentile, report } from '../../server/bench/stats';
import { startTestParley } from '../../server/testing/harness';
import { createTeamsChannel, type TeamsChannel } from './index';
import { bindTeamsTenant } from './testing/bind';
import { teamsMessage } from './testing/fixtures';
import { ProactiveTestAdapter, streamInfoOf } from './testing/proactive-test-adapter';

const TOKENS = 200;
const ANSWER = Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' ');

/**
 * How long the incoming Teams request is held (Teams allows ~15 s), how soon the informative
 * update and the final message follow, and how many requests one streamed answer costs, with
 * Teams' real pacing (one streaming request per second).
 */
export async function benchTeams(opts: { runs?: number; tokenDelayMs?: number } = {}) {
  const runs = opts.runs ?? 8;
  const tokenDelayMs = opts.tokenDelayMs ?? 15;
  const mock = await startMockModelServer();
  mock.setFallback({ text: ANSWER, tokenDelayMs });
  let teams!: TeamsChannel;
  const t = await startTestParley({
    mock,
    env: { MicrosoftAppId: 'bench-app', MicrosoftAppPassword: 'bench-secret' },
    configure: (deps) => ({ ...deps, channels: [(ctx) => (teams = createTeamsChannel()(ctx) as TeamsChannel)] }),
  });
  await bindTeamsTenant(t.parley.store.db.pool);
  try {
    const turnMs: number[] = [];
    const informativeMs: number[] = [];
    const finalAfterModelMs: number[] = [];
    const requests: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const adapter = new ProactiveTestAdapter();
      const sentAt: number[] = [];
      // The refuse hook sees every send first; accepting all of them, it just notes the time.
      adapter.refuse = () => void sentAt.push(performance.now());
      const t0 = performance.now();
      await adapter.processActivity(teamsMessage({ text: `question ${i}`, conversationId: `a:bench-${i}`, conversationType: 'personal' }), (ctx) => teams.bot.run(ctx));
      const turn = performance.now() - t0;
      await teams.bot.idle();
      if (i === 0) continue; // warm-up
      const modelEnded = mock.requests.at(-1)!.endedAt!;
      const finalIdx = adapter.sent.findIndex((s) => streamInfoOf(s.activity)?.streamType === 'final');
      turnMs.push(turn);
      informativeMs.push(sentAt[0] - t0);
      finalAfterModelMs.push(sentAt[finalIdx] - modelEnded);
      requests.push(adapter.sent.length);
    }
    const modelMs = TOKENS * tokenDelayMs;
    report(`Teams: streamed 1:1 answers (mock model, ${TOKENS} tokens over ≈${fmt(modelMs / 1000)} s, ${runs} runs)`, [
      ['incoming request held (turn) p50', `${fmt(percentile(turnMs, 50))} ms`],
      ['incoming request held (turn) max', `${fmt(Math.max(...turnMs))} ms`],
      ['message → informative update p50', `${fmt(percentile(informativeMs, 50))} ms`],
      ['model done → final message p50', `${fmt(percentile(finalAfterModelMs, 50))} ms (waits for the 1 s pacing)`],
      ['requests to Teams per answer p50', `${fmt(percentile(requests, 50), 0)} (vs ${TOKENS} tokens)`],
    ]);
  } finally {
    await t.destroy();
    await mock.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchTeams();
  process.stdout.write('\n');
}
