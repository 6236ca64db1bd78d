import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../testing/databases';
import { describeWithBrowser } from '../testing/describe-with';
import { startTestParley, type TestParley } from '../testing/harness';
import { buildWebInto, launchChromium, newTestPage, screenshotPath, signInContext } from './browser';

/** 31 characters: one past Google's 30 for a headline. */
const TOO_LONG = 'Waterproof Hiking Boots On Sale';

describeWithBrowser('a campaign drafted in the offline chat, edited by hand in Chromium', () => {
  let webDist: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  // One build and one browser for every store backend.
  beforeAll(async () => {
    webDist = await buildWebInto();
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (webDist) rmSync(webDist, { recursive: true, force: true });
  });

  describe.each(STORE_BACKENDS)('on %s', (backend) => {
    let t: TestParley;
    let page: Page;

    beforeAll(async () => {
      t = await startTestParley({ backend, model: 'offline', configure: (d) => ({ ...d, webDist }) });
      await signInContext(browser.context, t.url, t.admin.token);
      page = await newTestPage(browser.context);
    }, 300_000);
    afterAll(async () => {
      await page?.close();
      await t?.destroy();
    });

    it('a headline typed past 30 characters turns its counter red, is marked by the check, and the export is refused in words', async () => {
      expect(TOO_LONG).toHaveLength(31);
      await page.goto(t.url);
      await page.locator('.composer .ProseMirror').click();
      await page.keyboard.type('draft a Google search campaign for our best-selling category in Europe, €80 a day');
      await page.keyboard.press('Enter');
      const card = page.locator('[data-artifact-kind="campaign"]');
      await card.waitFor({ timeout: 120_000 }).catch(async (e) => {
        await page.screenshot({ path: screenshotPath(`campaign-editor-no-card-${backend}`) });
        throw e;
      });
      expect(await card.textContent()).toContain('Google Search');
      await card.getByRole('link', { name: 'Open in editor' }).click();
      await page.waitForURL(/\/campaigns\/[^/]+$/);

      const headline = page.getByRole('textbox', { name: 'Headline 1', exact: true }).first();
      await headline.waitFor({ timeout: 60_000 });
      // Every ad group's ad has a "Headline 1": this is the first ad group's.
      const field = page.locator(`[data-field-id="${await headline.getAttribute('id')}"]`);
      const counter = field.locator('.copy-count');
      // The limit comes from the server's rule set.
      await expect.poll(() => counter.textContent(), { timeout: 30_000 }).toMatch(/^\d+\/30$/);
      const okColor = await counter.evaluate((el) => getComputedStyle(el).color);

      await headline.click();
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(TOO_LONG.slice(0, 30));
      expect(await counter.textContent()).toBe('30/30');
      expect(await counter.getAttribute('data-state')).toBe('ok');
      await page.keyboard.type(TOO_LONG.slice(30));
      expect(await counter.textContent()).toBe('31/30');
      expect(await counter.getAttribute('data-state')).toBe('over');
      expect(await counter.evaluate((el) => getComputedStyle(el).color)).not.toBe(okColor);
      expect(await field.locator('[aria-live="polite"]').textContent()).toBe('Headline 1 is 31 characters, over the limit of 30.');
      // The debounced check (the real validator) marks the character past the limit.
      const mark = field.locator('.finding-mark[data-rule="google.rsa.headline.length"]');
      await mark.waitFor({ timeout: 30_000 });
      expect(await mark.textContent()).toBe('e');
      expect(await field.locator('.copy-findings').textContent()).toMatch(/31 characters; Google allows 30/);

      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText(/Saved as version \d+\./).waitFor({ timeout: 30_000 });

      let downloaded = false;
      page.on('download', () => void (downloaded = true));
      await page.getByRole('button', { name: 'Export for Google Ads Editor' }).click();
      const refusal = page.locator('.export-error');
      await refusal.waitFor({ timeout: 30_000 });
      const words = (await refusal.textContent()) ?? '';
      expect(words).toMatch(/^Not exported: This draft has \d+ errors? the platform would reject/);
      expect(words).toContain('/adGroups/0/ads/0/headlines/0/text');
      expect(downloaded).toBe(false);
      await page.locator('.campaign-page').screenshot({ path: screenshotPath(`campaign-editor-refused-${backend}`) });

      // A reload keeps the saved words (they are the stored version now, not a local draft).
      await page.reload();
      await page.getByRole('textbox', { name: 'Headline 1', exact: true }).first().waitFor({ timeout: 60_000 });
      expect(await page.getByRole('textbox', { name: 'Headline 1', exact: true }).first().textContent()).toBe(TOO_LONG);
    }, 300_000);
  });
});
