import { existsSync } from 'node:fs';

/** Where a Chromium (or Chrome) is usually installed, looked at in this order after CHROMIUM_PATH. */
export const SYSTEM_CHROMIUMS: readonly string[] =
  process.platform === 'darwin'
    ? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export const CHROMIUM_HINT = 'install Chromium (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH=/path/to/chromium';

export type ChromiumFound = { path: string } | { path: null; reason: string };

/**
 * The browser the browser tests drive: CHROMIUM_PATH when set (and only it: a wrong value is
 * an error to report, not a reason to quietly use another browser), else the first system
 * location that exists.
 */
export function findChromium(opts: { env?: NodeJS.ProcessEnv; candidates?: readonly string[]; exists?: (p: string) => boolean } = {}): ChromiumFound {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const set = env.CHROMIUM_PATH?.trim();
  if (set) return exists(set) ? { path: set } : { path: null, reason: `CHROMIUM_PATH=${set} does not exist; ${CHROMIUM_HINT}` };
  const candidates = opts.candidates ?? SYSTEM_CHROMIUMS;
  const path = candidates.find((p) => exists(p));
  if (path) return { path };
  return { path: null, reason: `no Chromium found (CHROMIUM_PATH is not set; looked in ${candidates.join(', ') || 'no system locations'}); ${CHROMIUM_HINT}` };
}
