import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithBrowser } from '../testing/describe-with';
import { withAutoChart } from '../../tools/make-chart/auto-chart';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { createTableTestTool } from '../../tools/make-chart/testing/table-tool';
import { buildWebInto, launchChromium, screenshotPath, signInContext } from '../browser/browser';
import { removeDir } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';

describeWithBrowser('charts in the browser (Chromium)', () => {
  let t: TestParley;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: BrowserContext;
  let webDist: string;

  beforeAll(async () => {
    // The web app as it is now, built into a temp folder so web/dist is never touched.
    webDist = await buildWebInto();
    t = await startTestParley({
      configure: (deps) => ({ ...deps, webDist, tools: [...(deps.tools ?? []), withAutoChart(createTableTestTool({ weatherDays: FIXTURES.weatherDays, sp500: FIXTURES.sp500 }))] }),
    });
    chromium = await launchChromium();
    browser = chromium.context;
    await signInContext(browser, t.url, t.admin.token);
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await t?.destroy();
    if (webDist) removeDir(webDist);
  });

  it('shows the chart that follows an answer, with a tooltip on hover and download buttons', async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_table', args: { name: 'weatherDays' } }] }, { text: 'Rain and sun, mostly.' });
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(t.url);
    await page.getByRole('textbox', { name: 'Message Parley' }).click();
    await page.keyboard.type('How many days of each weather type?');
    await page.keyboard.press('Enter');

    const chart = page.locator('[data-artifact-kind="chart"]');
    await chart.waitFor({ timeout: 30_000 });
    expect(await chart.getAttribute('data-chart-type')).toBe('bar');
    const bars = chart.locator('g.mark-rect path');
    await expect.poll(() => bars.count(), { timeout: 15_000 }).toBe(5);

    // Hover the first bar: vega-tooltip shows the category and the formatted value.
    await bars.first().hover();
    const tooltip = page.locator('#vg-tooltip-element');
    await expect.poll(async () => (await tooltip.isVisible()) && (await tooltip.textContent()), { timeout: 10_000 }).toMatch(/Weather.*(rain|sun|fog|drizzle|snow).*Days.*\d/s);

    await page.screenshot({ path: screenshotPath('chart-browser-bar'), fullPage: true });

    await expect.poll(() => page.getByRole('button', { name: /Download ".*" as PNG/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /Download ".*" as SVG/ }).count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /as SVG/ }).click()]);
    expect(download.suggestedFilename()).toBe('how-many-days-of-each-weather-type.svg');
  });

  // Retried: about one run in three the wheel never zooms, even with nothing else running and
  // the whole chart in view (seen after issue 12's merges; cause not found yet, see the closing note).
  it('a time series zooms with the mouse wheel', { retry: 2 }, async () => {
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_table', args: { name: 'sp500' } }] }, { text: 'Here is the S&P 500.' });
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(t.url);
    await page.getByRole('textbox', { name: 'Message Parley' }).click();
    await page.keyboard.type('S&P 500 monthly close');
    await page.keyboard.press('Enter');
    const chart = page.locator('[data-artifact-kind="chart"][data-chart-type="line"]');
    await chart.waitFor({ timeout: 30_000 });
    const labels = () => chart.locator('g.role-axis-label text').allTextContents();
    await expect.poll(async () => (await labels()).length, { timeout: 15_000 }).toBeGreaterThan(2);
    // The answer is complete, so the message list has stopped following new text.
    await page.waitForSelector('.message.assistant[data-status="complete"]');
    const before = (await labels()).join('|');
    // Wheel until the axis changes: on a busy machine the view may still be settling (and the
    // message list scrolling) at first, so find the line again before every wheel.
    await expect
      .poll(
        async () => {
          // Centred in the list at once (the list scrolls smoothly otherwise), so the composer that
          // overlays the bottom of the page cannot take the wheel.
          await chart.evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
          const box = (await chart.locator('g.mark-line path').first().boundingBox())!;
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
          await page.mouse.wheel(0, -300);

          return (await labels()).join('|');
        },
        { timeout: 20_000 },
      )
      .not.toBe(before)
      .catch(async (e) => {
        await page.screenshot({ path: screenshotPath('chart-browser-zoom-failed') });
        throw e;
      });
    await page.screenshot({ path: screenshotPath('chart-browser-line-zoomed'), fullPage: true });
  });
});
