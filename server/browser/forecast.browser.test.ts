import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser } from '../testing/describe-with';
import type { TestParley } from '../testing/harness';
import { screenshotPath, startBrowserParley, type BrowserParley } from './browser';

describeWithBrowser('a forecast in the web chat, offline, in Chromium', () => {
  let b: BrowserParley;
  let t: TestParley;
  let page: Page;

  beforeAll(async () => {
    b = await startBrowserParley({ model: 'offline' });
    ({ t, page } = b);
  }, 300_000);
  afterAll(() => b?.close());

  it('"forecast revenue for the next 3 months": the chart with a dashed forecast and a shaded band, the method, a table and its CSV', async () => {
    await page.goto(t.url);
    await page.locator('.ProseMirror').click();
    await page.keyboard.type('forecast revenue for the next 3 months');
    await page.keyboard.press('Enter');
    const forecast = page.locator('[data-artifact-kind="forecast"]');
    await forecast.locator('svg .mark-line').first().waitFor({ timeout: 60_000 });
    await page.waitForSelector('.message.assistant[data-status="complete"]');
    // Solid history, dashed forecast, and the band as an area.
    expect(await forecast.locator('svg .mark-area path').count()).toBeGreaterThan(0);
    const dashes = await forecast.locator('svg .mark-line path').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke-dasharray')));
    expect(dashes.filter(Boolean)).toHaveLength(1);
    expect(dashes.filter((d) => !d)).toHaveLength(1);
    expect(await forecast.locator('[data-method]').count()).toBe(1);
    expect(await forecast.getByText(/Backtest: MASE/).count()).toBe(1);
    expect(await page.locator('.message.assistant').getByText(/with 95% confidence/).count()).toBeGreaterThan(0);
    await forecast.getByRole('button', { name: 'Show table' }).click();
    const rows = forecast.locator('[data-artifact-kind="table"] tbody tr');
    expect(await rows.count()).toBeGreaterThan(20);
    const download = page.waitForEvent('download');
    await forecast.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await forecast.screenshot({ path: screenshotPath('forecast-light') });
  });
});
