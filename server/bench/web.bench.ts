import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { TableArtifactData, TableColumn } from '../../tools/artifacts';
import { buildWebInto, launchChromium, signInContext } from '../browser/browser';
import { measureBundle } from '../bundle-size';
import { startTestParley } from '../testing/harness';
import { fmt, percentile, report } from './stats';

const MESSAGES = 200;
const TABLE_ROWS = 10_000;

const ANSWER = (i: number) =>
  `Answer ${i}: revenue in **region ${i % 7}** grew ${(i % 13) + 1}% over the quarter.\n\n| month | revenue |\n|---|---|\n| Jan | ${1000 + i} |\n| Feb | ${1100 + i} |\n\n- north led\n- south lagged\n\n\`\`\`sql\nSELECT month, sum(revenue) FROM sales WHERE region = ${i % 7} GROUP BY month\n\`\`\``;

/**
 * The web app's figures: the production bundle's JS (gzipped), and in Chromium the time from
 * navigation until a conversation of 200 messages with a 10,000-row table is on screen and the
 * page answers input, plus sorting that table.
 */
export async function benchWeb(opts: { loads?: number } = {}) {
  const loads = opts.loads ?? 5;
  const webDist = await buildWebInto();
  const size = measureBundle(webDist);
  const t = await startTestParley({ model: 'offline', configure: (d) => ({ ...d, webDist }) });
  const browser = await launchChromium();
  await signInContext(browser.context, t.url, t.admin.token);
  try {
    const pool = t.parley.store.db.pool;
    const conversationId = randomUUID();
    await t.parley.store.conversations.create({ id: conversationId, workspaceId: 'local', userId: t.admin.user.id, title: 'Bench: 200 messages and a 10,000-row table' });
    let lastRun = '';
    for (let i = 0; i < MESSAGES / 2; i++) {
      lastRun = randomUUID();
      await t.parley.store.conversations.addMessage({ id: randomUUID(), conversationId, runId: lastRun, role: 'user', text: `Question ${i}: how did region ${i % 7} do?` });
      await t.parley.store.conversations.addMessage({ id: randomUUID(), conversationId, runId: lastRun, role: 'assistant', text: ANSWER(i) });
    }
    // A real query result: 10,000 rows computed by Postgres.
    const result = await pool.query(
      `SELECT i AS order_id, 'region-' || (i % 7) AS region, round((i * 7919 % 100000) / 100.0, 2) AS amount, (date '2024-01-01' + (i % 365))::text AS day
         FROM generate_series(1, $1::int) AS i`,
      [TABLE_ROWS],
    );
    const columns: TableColumn[] = [
      { name: 'order_id', kind: 'integer' },
      { name: 'region', kind: 'string' },
      { name: 'amount', kind: 'number', unit: 'currency', currency: 'USD' },
      { name: 'day', kind: 'date' },
    ];
    const table: TableArtifactData = { columns, rows: result.rows.map((r) => columns.map((c) => r[c.name])), rowCount: TABLE_ROWS, truncated: false, sql: 'SELECT … FROM generate_series(1, 10000)' };
    await t.parley.store.runs.saveArtifact({ id: randomUUID(), conversationId, runId: lastRun, kind: 'table', title: 'Orders', data: table });

    const ready: number[] = [];
    const interactive: number[] = [];
    const sorts: number[] = [];
    const all: number[] = [];
    let firstRendered = 0;
    for (let i = 0; i < loads + 1; i++) {
      const page = await browser.context.newPage();
      await page.goto(`${t.url}/c/${conversationId}`);
      // On screen: the newest messages (earlier ones render when scrolled to), Markdown rendered, the table's first page.
      await page.waitForFunction(
        () => document.querySelectorAll('.message').length > 0 && document.querySelector('[data-artifact-kind="table"] tbody tr') && document.querySelector('.answer-text strong'),
        undefined,
        { timeout: 60_000, polling: 'raf' },
      );
      firstRendered = await page.locator('.message').count();
      const shown = await page.evaluate(() => performance.now());
      if (process.env.PARLEY_BENCH_DETAIL) {
        const timings = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => `${e.name.replace(location.origin, '')} ${Math.round(e.startTime)}→${Math.round(e.responseEnd)}`));
        process.stdout.write(`  load ${i}: shown at ${Math.round(shown)} ms\n    ${timings.join('\n    ')}\n`);
      }
      // Interactive: the main thread is free to run a task again.
      const idle = await page.evaluate(() => new Promise<number>((r) => setTimeout(() => requestAnimationFrame(() => r(performance.now())), 0)));
      const sortMs = await page.evaluate(async () => {
        const t0 = performance.now();
        (document.querySelector('[data-artifact-kind="table"] th button') as HTMLButtonElement).click();
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      });
      // Then every earlier message, as a reader scrolling to the top would.
      const allMs = await page.evaluate(async (n) => {
        const t0 = performance.now();
        while (document.querySelectorAll('.message').length < n) {
          (document.querySelector('.earlier button') as HTMLButtonElement).click();
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        }
        return performance.now() - t0;
      }, MESSAGES);
      await page.close();
      if (i === 0) continue;
      all.push(allMs); // warm-up (disk cache)
      ready.push(shown);
      interactive.push(idle);
      sorts.push(sortMs);
    }
    report(`Web app: ${MESSAGES} messages with a ${TABLE_ROWS.toLocaleString('en')}-row table, Chromium headless, ${loads} loads`, [
      ['rendered (navigation → newest messages and the table on screen) p50', `${fmt(percentile(ready, 50), 0)} ms (${firstRendered} of ${MESSAGES} messages rendered at first)`],
      ['time to interactive p50', `${fmt(percentile(interactive, 50), 0)} ms`],
      ['time to interactive max', `${fmt(Math.max(...interactive), 0)} ms`],
      ['sort the 10,000 rows by a column p50', `${fmt(percentile(sorts, 50), 0)} ms`],
      ['render the earlier messages too (all 200) p50', `${fmt(percentile(all, 50), 0)} ms`],
      ['JS first load (gzipped)', `${fmt(size.initialGzip / 1024)} kB`],
      ['JS all chunks (gzipped)', `${fmt(size.totalGzip / 1024)} kB (Markdown and charts load on demand)`],
    ]);
  } finally {
    await browser.close();
    await t.destroy();
    rmSync(webDist, { recursive: true, force: true });
  }
}
