import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser } from '../testing/describe-with';
import { STORE_BACKENDS } from '../testing/databases';
import type { TestParley } from '../testing/harness';
import { screenshotPath, startBrowserParley, type BrowserParley } from './browser';
import { createCsvArtifactTool } from './csv-artifact-tool';
import { demoHandle } from '../datasources/testing';
import { datasetPath } from '../files/testing';

const LONG = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

async function ask(page: Page, text: string) {
  await page.locator('.ProseMirror').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const answers = (page: Page) => page.locator('.message.assistant');

describeWithBrowser.each(STORE_BACKENDS)('web chat in Chromium on %s', (backend) => {
  let b: BrowserParley;
  let t: TestParley;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserParley({ backend, configure: (d) => ({ ...d, tools: [...(d.tools ?? []), createCsvArtifactTool()] }) });
    ({ t, page } = b);
  });
  afterAll(() => b?.close());

  it('sends with Enter and shows the answer streaming, then complete as Markdown', async () => {
    await page.goto(t.url);
    t.mock!.enqueue({ text: `Revenue **grew 8%**. ${LONG}`, tokenDelayMs: 25 });
    await ask(page, 'How did revenue do?');
    await expect.poll(() => page.locator('.message.user .bubble').last().textContent()).toBe('How did revenue do?');
    // Part of the answer is on screen while the run is still streaming.
    await page.waitForSelector('.message.assistant[data-status="streaming"] .answer-text');
    const partial = (await answers(page).last().locator('.answer-text').textContent()) ?? '';
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(LONG.length);
    await expect(page.getByRole('button', { name: 'Stop' })).toBeDefined();
    await page.waitForSelector('.message.assistant[data-status="complete"]');
    expect(await answers(page).last().locator('strong').textContent()).toBe('grew 8%');
    expect(await answers(page).last().locator('.answer-text').textContent()).toBe(`Revenue grew 8%. ${LONG}`);
    expect(page.url()).toMatch(/\/c\/[\w-]+$/);
    await page.screenshot({ path: screenshotPath(`${backend}-streamed-answer`) });
  });

  it('suggests questions from the datasource\'s tables, and asks one when clicked', async () => {
    await page.goto(t.url);
    const suggestion = page.locator('.suggested-questions button').first();
    await suggestion.waitFor();
    const question = (await suggestion.textContent()) ?? '';
    // The demo warehouse is the default datasource: its real tables appear in the questions.
    const { rows } = await (await demoHandle(t)).sql.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'demo'`);
    expect(rows.some((r) => question.includes(r.table_name.replace(/_/g, ' ')))).toBe(true);
    t.mock!.enqueue({ text: 'Counted.' });
    await suggestion.click();
    await page.waitForSelector('.message.assistant >> text=Counted.');
    expect(t.mock!.requests.at(-1)!.body.messages.at(-1)).toMatchObject({ role: 'user', content: question });
  });

  it('Stop cancels the streaming answer and keeps what was said', async () => {
    await page.goto(t.url);
    t.mock!.enqueue({ text: LONG, tokenDelayMs: 40 });
    await ask(page, 'Tell me everything');
    await page.waitForSelector('.message.assistant[data-status="streaming"] .answer-text');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.waitForSelector('.message.assistant[data-status="cancelled"]');
    expect(await page.getByText('Stopped.').count()).toBe(1);
    const kept = (await answers(page).last().locator('.answer-text').textContent()) ?? '';
    expect(LONG.startsWith(kept.trim())).toBe(true);
    expect(kept.trim().length).toBeLessThan(LONG.length);
    await expect.poll(() => page.getByRole('button', { name: 'Send' }).count()).toBe(1);
  });

  it('Regenerate asks the last question again and shows the new answer', async () => {
    await page.goto(t.url);
    t.mock!.enqueue({ text: 'First answer.' });
    await ask(page, 'Best month?');
    await page.waitForSelector('.message.assistant[data-status="complete"]');
    const before = t.mock!.requests.length;
    t.mock!.enqueue({ text: 'Second answer.' });
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => answers(page).count()).toBe(2);
    await page.waitForSelector('.message.assistant[data-status="complete"] >> text=Second answer.');
    expect(t.mock!.requests.length).toBe(before + 1);
    expect(t.mock!.requests.at(-1)!.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'Best month?' });
    expect(await page.locator('.message.user .bubble').allTextContents()).toEqual(['Best month?', 'Best month?']);
  });

  it('Edit and resend sends the changed question', async () => {
    t.mock!.enqueue({ text: 'Edited answer.' });
    await page.locator('.message.user').last().getByRole('button', { name: 'Edit' }).click();
    const box = page.getByLabel('Edit your message');
    await box.fill('Best quarter?');
    await page.getByRole('button', { name: 'Save and send' }).click();
    await page.waitForSelector('.message.assistant >> text=Edited answer.');
    expect(t.mock!.requests.at(-1)!.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'Best quarter?' });
  });

  it('shows a sortable, paginated table with its SQL and a chart, in light, dark and phone width', async () => {
    await page.goto(t.url);
    t.mock!.enqueue({ toolCalls: [{ name: 'show_sample_csv', args: { file: 'tips.csv', chart: { by: 'day', measure: 'tip' } } }] });
    t.mock!.enqueue({ text: 'Saturday brings the most tips.' });
    await ask(page, 'Tips by day');
    const table = page.locator('[data-artifact-kind="table"]');
    await table.waitFor();
    await page.waitForSelector('[data-artifact-kind="chart"] svg');
    await page.waitForSelector('.message.assistant[data-status="complete"]');
    expect(await page.locator('.tool-step[data-state="done"][data-tool="show_sample_csv"]').count()).toBe(1);
    expect(await table.locator('tbody tr').count()).toBe(50);
    expect(await table.getByText('Page 1 of 5').count()).toBe(1);
    const firstBill = () => table.locator('tbody tr').first().locator('td').first().textContent();
    expect(await firstBill()).toBe('16.99');
    await table.getByRole('button', { name: 'total_bill' }).click();
    expect(await firstBill()).toBe('3.07');
    await table.getByRole('button', { name: 'total_bill' }).click();
    expect(await firstBill()).toBe('50.81');
    await table.getByRole('button', { name: 'Next page' }).click();
    expect(await table.getByText('Page 2 of 5').count()).toBe(1);
    await table.getByRole('button', { name: 'Show SQL' }).click();
    expect(await table.locator('.code-block .sql-keyword').first().textContent()).toBe('SELECT');
    const download = page.waitForEvent('download');
    await table.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toBe('tips-csv.csv');
    await page.screenshot({ path: screenshotPath(`${backend}-artifacts-light`), });
    await page.getByRole('button', { name: /Switch to dark theme/ }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: screenshotPath(`${backend}-artifacts-dark`) });
    await page.locator('[data-artifact-kind="chart"] svg').waitFor();
    await page.locator('[data-artifact-kind="chart"]').screenshot({ path: screenshotPath(`${backend}-chart-dark`) });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath(`${backend}-artifacts-phone-dark`) });
    await page.getByRole('button', { name: 'Open conversations' }).click();
    await page.screenshot({ path: screenshotPath(`${backend}-sidebar-phone-dark`) });
    await page.keyboard.press('Escape');
    expect(await page.locator('.app.menu-open').count()).toBe(0);
    await page.getByRole('button', { name: /Switch to light theme/ }).click();
    await page.screenshot({ path: screenshotPath(`${backend}-artifacts-phone-light`) });
    await page.setViewportSize({ width: 1280, height: 860 });
    // From the stored history after a reload: the same steps, table and chart.
    await page.reload();
    await page.waitForSelector('[data-artifact-kind="chart"] svg');
    expect(await page.locator('[data-artifact-kind="table"] tbody tr').count()).toBe(50);
    expect(await page.locator('.tool-step[data-state="done"][data-tool="show_sample_csv"]').count()).toBe(1);
    expect(await answers(page).count()).toBe(1);
  });

  it('after a reload mid-answer, the answer completes exactly once', async () => {
    await page.goto(t.url);
    t.mock!.enqueue({ text: LONG, tokenDelayMs: 40 });
    await ask(page, 'A long story please');
    await page.waitForSelector('.message.assistant[data-status="streaming"] .answer-text');
    await page.waitForURL(/\/c\//);
    await page.reload();
    await page.waitForSelector('.message.assistant[data-status="complete"]', { timeout: 20_000 });
    expect(await answers(page).count()).toBe(1);
    expect(await answers(page).locator('.answer-text').textContent()).toBe(LONG);
    expect(await page.locator('.message.user').count()).toBe(1);
  });

  it('when the connection drops mid-answer, it reconnects and continues without lost or doubled words', async () => {
    const dropper = await page.context().newPage();
    // Keep hold of the page's WebSockets so the test can cut them as a network failure would.
    await dropper.addInitScript(() => {
      const Native = window.WebSocket;
      const open: WebSocket[] = [];
      (window as unknown as { dropSockets(): void }).dropSockets = () => open.splice(0).forEach((s) => s.close());
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          open.push(this);
        }
      };
    });
    await dropper.goto(t.url);
    t.mock!.enqueue({ text: LONG, tokenDelayMs: 40 });
    await ask(dropper, 'Keep talking');
    await dropper.waitForSelector('.message.assistant[data-status="streaming"] .answer-text');
    await dropper.evaluate(() => (window as unknown as { dropSockets(): void }).dropSockets());
    await dropper.waitForSelector('.offline-banner');
    await dropper.waitForSelector('.message.assistant[data-status="complete"]', { timeout: 20_000 });
    expect(await dropper.locator('.offline-banner').count()).toBe(0);
    expect(await answers(dropper).count()).toBe(1);
    expect(await answers(dropper).locator('.answer-text').textContent()).toBe(LONG);
    await dropper.close();
  });

  it('switches between conversations from the sidebar, each at its own URL', async () => {
    await page.goto(t.url);
    t.mock!.enqueue({ text: 'Alpha answer.' });
    await ask(page, 'Alpha question');
    await page.waitForSelector('.message.assistant >> text=Alpha answer.');
    const alphaUrl = page.url();
    await page.getByRole('button', { name: 'New chat' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
    t.mock!.enqueue({ text: 'Beta answer.' });
    await ask(page, 'Beta question');
    await page.waitForSelector('.message.assistant >> text=Beta answer.');
    await page.locator('.conversation-list a', { hasText: 'Alpha question' }).click();
    await page.waitForSelector('.message.assistant >> text=Alpha answer.');
    expect(page.url()).toBe(alphaUrl);
    expect(await page.getByText('Beta answer.').count()).toBe(0);
    await page.goBack();
    await page.waitForSelector('.message.assistant >> text=Beta answer.');
    expect(await page.getByText('Alpha answer.').count()).toBe(0);
  });

  it('shows the offline banner while the connection is down', async () => {
    await page.goto(t.url);
    await page.waitForSelector('.ProseMirror');
    await page.waitForFunction(() => !document.querySelector('.send[disabled]') || document.querySelector('.composer.is-empty'));
    await page.context().setOffline(true);
    await page.waitForSelector('.offline-banner');
    await page.screenshot({ path: screenshotPath(`${backend}-offline`) });
    await page.context().setOffline(false);
    await page.waitForSelector('.offline-banner', { state: 'detached', timeout: 15_000 });
  });
});

describeWithBrowser.each(STORE_BACKENDS)('attaching a file in Chromium on %s', (backend) => {
  const SALES = datasetPath('plotly', 'sales_success.csv');
  let b: BrowserParley;
  let t: TestParley;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserParley({ backend, model: 'offline' });
    ({ t, page } = b);
  }, 300_000);
  afterAll(() => b?.close());

  it('a real CSV chosen with the paperclip shows a chip and a preview; "total revenue by region in the attached file" is answered offline from it with a table of the right sums', async () => {
    await page.goto(t.url);
    await page.getByLabel('Files to attach').setInputFiles(SALES);
    const chip = page.getByRole('button', { name: 'Preview sales_success.csv' });
    await chip.waitFor({ timeout: 120_000 });
    expect(await chip.textContent()).toContain('51 rows');
    await chip.click();
    const preview = page.getByRole('region', { name: 'Preview of sales_success.csv' });
    const headers = await preview.locator('th').allTextContents();
    expect(headers).toContain('region VARCHAR');
    expect(await preview.locator('tbody tr').count()).toBe(5);
    expect(await preview.locator('tbody tr').first().textContent()).toContain('North');
    await page.screenshot({ path: screenshotPath(`${backend}-attached-file`) });

    // "in the attached file": the bare question goes to the demo warehouse, whose columns are named revenue and region (tools/sql/sources.ts routes by fit).
    await ask(page, 'total revenue by region in the attached file');
    const table = page.locator('[data-artifact-kind="table"]');
    await table.waitFor({ timeout: 120_000 });
    // The sums, from the file itself.
    const gold = new Map<string, number>();
    for (const r of parse(readFileSync(SALES), { columns: true }) as Record<string, string>[]) gold.set(r.region, (gold.get(r.region) ?? 0) + Number(r.sales));
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((r) => r[0]).sort()).toEqual([...gold.keys()].sort());
    for (const r of rows) expect(Number(r[1].replace(/[^\d.-]/g, ''))).toBeCloseTo(gold.get(r[0])!, 2);
    // The chip went with the question; the upload now belongs to the conversation.
    expect(await page.getByRole('button', { name: 'Preview sales_success.csv' }).count()).toBe(0);
    const { rows: linked } = await t.parley.store.db.pool.query("SELECT 1 FROM conversation_files f JOIN uploads u ON u.id = f.upload_id WHERE u.name = 'sales_success.csv'");
    expect(linked).toHaveLength(1);
    await page.screenshot({ path: screenshotPath(`${backend}-file-answer`) });
  }, 300_000);
});
