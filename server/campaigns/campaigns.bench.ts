import { performance } from 'node:perf_hooks';
import type { RecordedRequest } from '../../agent/testing/mock-model-server';
import { startMockModelServer } from '../../agent/testing/mock-model-server';
import type { CampaignArtifactData, GoogleSearchCampaign } from '../../tools/campaigns/model';
import { fmt, percentile, report } from '../bench/stats';
import { askAndWait, recordEvents, startTestParley } from '../testing/harness';

const BRIEF = 'draft a Google search campaign for our best-selling category in Europe, €80 a day';
const PAD = ' for Every Single Day';
const WRITER = 'You write ad campaigns';

/**
 * A model that writes every headline too long, then, sent its findings back, fixes only the
 * first few it is told about per round (as models that half-listen do): the repair loop's rounds
 * to a clean draft, and what is left when it runs out.
 */
function overLongWriter(fixPerRound: number) {
  return (req: RecordedRequest) => {
    const system = req.body.messages[0]?.content ?? '';
    const user = req.body.messages.at(-1)?.content ?? '';
    const last = /Your last answer:\n([\s\S]*?)\n\nIt failed these checks/.exec(user);
    if (!last) {
      const c = JSON.parse(system.slice(system.lastIndexOf('write your own content):\n') + 'write your own content):\n'.length)) as GoogleSearchCampaign;
      for (const g of c.adGroups) for (const a of g.ads) for (const h of a.headlines) h.text += PAD;
      return { text: JSON.stringify(c) };
    }
    const c = JSON.parse(last[1]) as GoogleSearchCampaign;
    const named = [...user.matchAll(/\/adGroups\/(\d+)\/ads\/(\d+)\/headlines\/(\d+)\/text/g)].slice(0, fixPerRound);
    for (const [, g, a, h] of named) {
      const t = c.adGroups[+g].ads[+a].headlines[+h];
      t.text = t.text.replace(PAD, '');
    }
    return { text: JSON.stringify(c) };
  };
}

export async function benchCampaigns(opts: { runs?: number } = {}) {
  const runs = opts.runs ?? 10;
  const rows: [string, string][] = [];
  const offline = await startTestParley({ model: 'offline' });
  try {
    // A fresh data folder builds the demo warehouse on first use: that start is not a draft's time.
    const demo = await offline.parley.runtime.resolveDatasource({ workspaceId: 'local', datasource: null });
    await demo.sql.query('SELECT count(*) FROM demo.order_lines');
    const s = await offline.client();
    const rec = recordEvents(s);
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const a = await askAndWait(s, rec, BRIEF);
      const ms = performance.now() - t0;
      const d = a.artifacts.find((x) => x.kind === 'campaign')?.data as CampaignArtifactData | undefined;
      if (!d || (d.campaign as GoogleSearchCampaign).adGroups.length !== 3) throw new Error(`no 3-ad-group draft: ${a.text}`);
      if (i > 0) times.push(ms); // the first warms the catalog cache
    }
    rows.push([`offline draft, Google Search, 3 ad groups, demo warehouse (${runs} runs)`, `p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(percentile(times, 95))} ms`]);
  } finally {
    await offline.destroy();
  }

  for (const fixPerRound of [30, 12, 5]) {
    const mock = await startMockModelServer();
    mock.setFallback((req) => {
      if (req.body.messages[0]?.content?.startsWith(WRITER)) return overLongWriter(fixPerRound)(req);
      if (req.body.messages.at(-1)!.role === 'tool') return { text: 'Done.' };
      return { toolCalls: [{ name: 'draft_campaign', args: { platform: 'google_search', brief: BRIEF, budget: 80, currency: 'EUR' } }] };
    });
    const t = await startTestParley({ mock });
    try {
      await (await t.parley.runtime.resolveDatasource({ workspaceId: 'local', datasource: null })).sql.query('SELECT count(*) FROM demo.order_lines');
      const s = await t.client();
      const before = mock.requests.filter((r) => r.body.messages[0]?.content?.startsWith(WRITER)).length;
      const a = await askAndWait(s, recordEvents(s), BRIEF);
      const writes = mock.requests.filter((r) => r.body.messages[0]?.content?.startsWith(WRITER)).length - before;
      const d = a.artifacts.find((x) => x.kind === 'campaign')?.data as CampaignArtifactData;
      const left = d.findings.filter((f) => f.severity === 'error').length;
      rows.push([`mock model, every headline too long, fixes ${fixPerRound} per round`, `${writes - 1} repair round${writes === 2 ? '' : 's'}, ${left ? `${left} errors left (gave up)` : 'clean'}`]);
    } finally {
      await t.destroy();
      await mock.close();
    }
  }
  report('campaigns', rows);
}
