import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordEvents, sendOk, startTestParley, type TestParley } from '../testing/harness';
import { describeWithBrowser } from '../testing/describe-with';
import { buildWebInto, launchChromium, newTestPage, screenshotPath, signInContext } from './browser';


/** An answer of `n` short paragraphs: it grows the page a line at a time as it streams. */
const paragraphs = (n: number, label: string) => Array.from({ length: n }, (_, i) => `${label} point ${i + 1}.`).join('\n\n');

/** Polls for more streamed text: how fast it comes depends on the machine, not on what is tested. */
const GROWS = { timeout: 20_000, interval: 50 };
/** Polls for the page to settle (a conversation loading, a scroll applied): slow on a busy machine. */
const SETTLES = { timeout: 15_000, interval: 50 };

async function ask(page: Page, text: string) {
  await page.locator('.ProseMirror').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Where the conversation's scroller stands, and whether the newest question is inside its visible box. */
const view = (page: Page) =>
  page.evaluate(() => {
    const s = document.querySelector<HTMLElement>('.scroll')!;
    const box = s.getBoundingClientRect();
    const q = [...document.querySelectorAll('.message.user')].at(-1)!.getBoundingClientRect();
    const answer = [...document.querySelectorAll('.message.assistant')].at(-1)?.textContent ?? '';
    return {
      top: s.scrollTop,
      fromBottom: s.scrollHeight - s.scrollTop - s.clientHeight,
      scrollable: s.scrollHeight - s.clientHeight,
      questionVisible: q.top >= box.top && q.bottom <= box.bottom,
      answerLength: answer.length,
    };
  });

describeWithBrowser('the conversation follows what is said, in Chromium', () => {
  let t: TestParley;
  let webDist: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let conversationId: string;

  beforeAll(async () => {
    webDist = await buildWebInto();
    t = await startTestParley({ configure: (d) => ({ ...d, webDist }) });
    // A history several screens tall, written through the real runtime.
    const socket = await t.client();
    const rec = recordEvents(socket);
    for (let i = 1; i <= 4; i++) {
      t.mock!.enqueue({ text: paragraphs(12, `Earlier answer ${i}`) });
      const ack = await sendOk(socket, { text: `Earlier question ${i}`, ...(conversationId ? { conversationId } : {}) });
      conversationId = ack.data.conversationId;
      await rec.terminal(ack.data.runId);
    }
    browser = await launchChromium();
    await signInContext(browser.context, t.url, t.admin.token);
    page = await newTestPage(browser.context);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.destroy();
    if (webDist) rmSync(webDist, { recursive: true, force: true });
  });

  it('brings a sent question into view, follows its streaming answer, and stays put once the reader scrolls up', async () => {
    await page.goto(`${t.url}/c/${conversationId}`);
    await expect.poll(() => page.locator('.message.assistant[data-status="complete"]').count(), SETTLES).toBe(4);
    const opened = await view(page);
    expect(opened.scrollable).toBeGreaterThan(1500);
    // Opening a conversation shows its newest messages.
    expect(opened.fromBottom).toBeLessThanOrEqual(48);

    // The reader goes back to the start of the conversation, then asks something new.
    await page.locator('.scroll').hover();
    await page.mouse.wheel(0, -100_000);
    await expect.poll(async () => (await view(page)).top, SETTLES).toBe(0);
    t.mock!.enqueue({ text: paragraphs(200, 'Streamed'), tokenDelayMs: 15 });
    await ask(page, 'Where did it go?');
    await expect.poll(() => page.locator('.message.user .bubble').last().textContent(), SETTLES).toBe('Where did it go?');
    await expect.poll(async () => (await view(page)).questionVisible, SETTLES).toBe(true);

    // While the answer streams, the view keeps to its bottom.
    await page.waitForSelector('.message.assistant[data-status="streaming"] .answer-text');
    const early = await view(page);
    await expect.poll(async () => (await view(page)).answerLength, GROWS).toBeGreaterThan(early.answerLength + 200);
    const later = await view(page);
    expect(later.fromBottom).toBeLessThanOrEqual(48);
    expect(later.top).toBeGreaterThan(early.top);

    // The reader scrolls up during the stream: the view stays where they put it as more text arrives.
    // (Typing the question moved the mouse to the composer: the wheel goes where the pointer is.)
    await page.locator('.scroll').hover();
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await view(page)).fromBottom, SETTLES).toBeGreaterThan(200);
    const left = await view(page);
    await expect.poll(async () => (await view(page)).answerLength, GROWS).toBeGreaterThan(left.answerLength + 200);
    const after = await view(page);
    expect(after.top).toBe(left.top);
    expect(after.fromBottom).toBeGreaterThan(left.fromBottom);
    await page.screenshot({ path: screenshotPath('chat-scroll-reader-scrolled-up') });

    // Back at the bottom, it follows again.
    await page.mouse.wheel(0, 100_000);
    await expect.poll(async () => (await view(page)).fromBottom, SETTLES).toBeLessThanOrEqual(48);
    const rejoined = await view(page);
    await expect.poll(async () => (await view(page)).answerLength, GROWS).toBeGreaterThan(rejoined.answerLength + 100);
    const still = await view(page);
    expect(still.fromBottom).toBeLessThanOrEqual(48);
    expect(still.top).toBeGreaterThan(rejoined.top);
    await page.waitForSelector('.message.assistant[data-status="complete"] >> text=Streamed point 200.');
  });
});
