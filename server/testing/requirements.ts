import { findChromium } from '../browser/find-chromium';
import { findFonts } from '../charts/render';

/**
 * What some tests need from the machine beyond Node: a Chromium for the browser tests, system
 * fonts for the chart PNGs. Without one, those tests are skipped and the run says once how to
 * enable them (global-setup); under CI=true nothing is skipped and the run fails with the reason.
 */
export interface Requirement {
  name: string;
  /** Null when present; else one line: what is missing and how to get it. */
  missing: string | null;
}

export const requireEverything = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true' || env.CI === '1';

export function checkChromium(env: NodeJS.ProcessEnv = process.env): Requirement {
  const found = findChromium({ env });
  return { name: 'browser tests', missing: found.path === null ? found.reason : null };
}

export function checkChartFonts(): Requirement {
  try {
    findFonts();
    return { name: 'chart image tests', missing: null };
  } catch (e) {
    return { name: 'chart image tests', missing: `${(e as Error).message}; install one (Debian/Ubuntu: apt-get install fonts-dejavu-core)` };
  }
}

/** Lines for the start of the run; throws under CI=true when something is missing. */
export function requirementsReport(env: NodeJS.ProcessEnv = process.env, reqs: Requirement[] = [checkChromium(env), checkChartFonts()]): string[] {
  const missing = reqs.filter((r) => r.missing !== null);
  if (missing.length && requireEverything(env)) {
    throw new Error(`CI=true and the machine lacks what tests need: ${missing.map((r) => `${r.name}: ${r.missing}`).join('; ')}`);
  }
  return missing.map((r) => `${r.name}: skipped (${r.missing})`);
}
