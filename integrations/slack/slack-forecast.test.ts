import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest';
import { renderChartPng } from '../../server/charts/render';
import { inkStats, pngSize } from '../../server/charts/testing/png';
import { itWithFonts } from '../../server/testing/describe-with';
import { appMention } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

const SQL = 'SELECT o.order_date AS day, sum(l.revenue) AS revenue FROM demo.order_lines l JOIN demo.orders o ON l.order_id = o.order_id GROUP BY 1 ORDER BY 1';

describe('a forecast in Slack', () => {
  let s: SlackParley;
  beforeAll(async () => {
    // The server's own renderer: the forecast's chart is drawn as Slack will show it.
    s = await startSlackParley({ renderChartPng: (spec, size) => renderChartPng(spec, size) });
  }, 180_000);
  afterAll(async () => {
    await s?.destroy();
  });
  beforeEach(() => s.fake.reset());

  itWithFonts('arrives as the chart (PNG) and a table of the steps with their interval, after the words', async () => {
    s.mock.enqueue(
      // The model way: the forecast runs its own query (through the same guard as query_data).
      { toolCalls: [{ name: 'forecast', args: { sql: SQL, horizon: 3, grain: 'month' } }] },
      { text: 'Revenue should keep growing; the band widens further out.' },
    );
    const mention = appMention({ text: 'forecast revenue for the next 3 months', channel: 'C7' });
    await s.feed(mention);
    await s.channel!.idle();

    expect(s.fake.uploads).toHaveLength(1);
    const png = s.fake.uploads[0].bytes;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(pngSize(png)).toEqual({ width: 800, height: 480 });
    expect(inkStats(png).inkShare).toBeGreaterThan(0.01);
    expect(s.fake.uploads[0].filename).toMatch(/^revenue-forecast-for-the-next-3-months\.png$/);
    expect(s.fake.callsTo('files.completeUploadExternal')[0].args).toMatchObject({ channel_id: 'C7', thread_ts: mention.event.ts });

    // The forecast's steps with their interval, as a table message in the thread.
    const posts = s.fake.callsTo('chat.postMessage').map((c) => JSON.stringify(c.args));
    const steps = posts.find((p) => p.includes('the numbers'));
    expect(steps).toBeDefined();
    expect(steps).toMatch(/lower 95%/);
    expect(steps).toMatch(/upper 95%/);
    const order = s.fake.calls.map((c) => c.method);
    expect(order.indexOf('files.getUploadURLExternal')).toBeGreaterThan(order.indexOf('chat.stopStream'));
  });
});
