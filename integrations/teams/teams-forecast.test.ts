import { afterAll, beforeAll, describe, expect } from 'vitest';
import { renderChartPng } from '../../server/charts/render';
import { inkStats, pngSize } from '../../server/charts/testing/png';
import { itWithFonts } from '../../server/testing/describe-with';
import { startTestParley, type TestParley } from '../../server/testing/harness';
import { createTeamsChannel, type TeamsChannel } from './index';
import { bindTeamsTenant } from './testing/bind';
import { teamsMessage } from './testing/fixtures';
import { ProactiveTestAdapter } from './testing/proactive-test-adapter';

const SQL = 'SELECT o.order_date AS day, sum(l.revenue) AS revenue FROM demo.order_lines l JOIN demo.orders o ON l.order_id = o.order_id GROUP BY 1 ORDER BY 1';

type Card = { body: { type: string; url?: string; text?: string; rows?: { cells: { items: { text: string }[] }[] }[] }[]; actions?: { type: string; url: string }[] };

describe('a forecast in Teams', () => {
  let t: TestParley;
  let teams: TeamsChannel;
  beforeAll(async () => {
    t = await startTestParley({
      env: { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret' },
      configure: (deps) => ({
        ...deps,
        // The server's own renderer: the card's image is the forecast's chart as Teams will show it.
        channels: [(ctx) => (teams = createTeamsChannel({ renderChartPng: (spec, size) => renderChartPng(spec, size), streamIntervalMs: 60, typingIntervalMs: 50 })(ctx) as TeamsChannel)],
      }),
    });
    await bindTeamsTenant(t.parley.store.db.pool);
  }, 180_000);
  afterAll(async () => {
    await t?.destroy();
  });

  itWithFonts('arrives as a card with the chart as a PNG and a card of the steps with their interval and a CSV of it all', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'forecast', args: { sql: SQL, horizon: 3, grain: 'month' } }] }, { text: 'Revenue should keep growing.' });
    const adapter = new ProactiveTestAdapter();
    await adapter.processActivity(teamsMessage({ text: 'forecast revenue for the next 3 months', conversationId: 'a:personal-forecast', conversationType: 'personal' }), (ctx) => teams.bot.run(ctx));
    await teams.bot.idle();

    const final = adapter.sent.map((s) => s.activity).at(-1)!;
    const [chart, steps] = final.attachments!.map((a) => a.content as Card);
    const image = chart.body.find((b) => b.type === 'Image')!;
    const res = await fetch(image.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(pngSize(png).width).toBe(800);
    expect(inkStats(png).inkShare).toBeGreaterThan(0.01);

    const table = steps.body.find((b) => b.type === 'Table')!;
    const cells = table.rows!.map((r) => r.cells.map((c) => c.items[0].text));
    expect(cells[0]).toEqual(['month', 'forecast', 'lower 95%', 'upper 95%']);
    expect(cells).toHaveLength(4);
    for (const row of cells.slice(1)) {
      const [lower, mean, upper] = [row[2], row[1], row[3]].map((v) => Number(v.replace(/[$,]/g, '')));
      expect(lower).toBeLessThanOrEqual(mean);
      expect(mean).toBeLessThanOrEqual(upper);
    }

    const csv = await fetch(steps.actions!.find((a) => a.type === 'Action.OpenUrl')!.url);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('month,actual,forecast,lower 95%,upper 95%');
    // History (complete months) then the three forecast steps.
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.at(-1)).toMatch(/^\d{4}-\d{2}-01,,[\d.]+,[\d.]+,[\d.]+$/);
  });
});
