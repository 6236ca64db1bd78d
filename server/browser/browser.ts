import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
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

/** A page for tests: no transitions (screenshots show the settled screen), page errors on stderr. */
/** Signs the browser in: the session cookie, as Parley's sign-in sets it, for every page of the context. */
export async function signInContext(context: BrowserContext, url: string, token: string): Promise<void> {
  await context.addCookies([{ name: 'parley_session', value: token, url, httpOnly: true, sameSite: 'Lax' }]);
}

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
