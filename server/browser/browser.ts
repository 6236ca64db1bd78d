import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestParley, type TestParley, type TestParleyOptions } from '../testing/harness';
import { findChromium, type ChromiumFound } from './find-chromium';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB = join(ROOT, 'web');
/** Screenshots of browser tests (gitignored). */
export const TEST_OUTPUT = join(ROOT, 'test-output');

/** Builds the web app into a fresh temporary folder (web/dist is left alone); returns the folder. */
export async function buildWebInto(dir = mkdtempSync(join(tmpdir(), 'parley-web-'))): Promise<string> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), root: WEB, logLevel: 'error', build: { outDir: dir, emptyOutDir: true, sourcemap: false } });
  return dir;
}

/**
 * Chromium through playwright-core, headless, in a throwaway profile (flags from STACK-NOTES).
 * The browser is CHROMIUM_PATH or the first one in a system location; without one this throws
 * the reason and how to fix it.
 */
export async function launchChromium(found: ChromiumFound = findChromium()): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (found.path === null) throw new Error(found.reason);
  const profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: found.path,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs the browser in: the session cookie, as Parley's sign-in sets it, for every page of the context. */
export async function signInContext(context: BrowserContext, url: string, token: string): Promise<void> {
  await context.addCookies([{ name: 'parley_session', value: token, url, httpOnly: true, sameSite: 'Lax' }]);
}

/** A page for tests: no transitions (screenshots show the settled screen), page errors on stderr. */
export async function newTestPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  return page;
}

export function screenshotPath(name: string): string {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return join(TEST_OUTPUT, `${name}.png`);
}

/** Parley serving a fresh build of the web app, and Chromium signed in as its admin on one page. */
export interface BrowserParley {
  t: TestParley;
  page: Page;
  /** Closes the browser and the server, and deletes the build. */
  close(): Promise<void>;
}

/** The set-up every browser test shares: build the web app, start Parley with it, launch Chromium, sign in. */
export async function startBrowserParley(opts: TestParleyOptions = {}): Promise<BrowserParley> {
  const webDist = await buildWebInto();
  const t = await startTestParley({ ...opts, configure: (d) => ({ ...(opts.configure ? opts.configure(d) : d), webDist }) });
  const browser = await launchChromium();
  if (opts.signIn !== false) await signInContext(browser.context, t.url, t.admin.token);
  const page = await newTestPage(browser.context);
  return {
    t,
    page,
    async close() {
      await browser.close();
      await t.destroy();
      rmSync(webDist, { recursive: true, force: true });
    },
  };
}
