import { describe, it } from 'vitest';
import { checkChartFonts, checkChromium, requireEverything, type Requirement } from './requirements';

const skip = (req: () => Requirement) => !requireEverything() && req().missing !== null;

/** A describe that runs only when `req` is met, or always under CI (where the test then fails with the reason). */
function describeIf(req: () => Requirement) {
  return describe.skipIf(skip(req));
}

/** `describe` for tests that drive Chromium (see launchChromium). */
export const describeWithBrowser = describeIf(checkChromium);

/** `describe` for tests that draw chart PNGs and need system fonts. */
export const describeWithFonts = describeIf(checkChartFonts);

/** `it` for one test that draws a chart PNG, in a suite that otherwise needs no fonts. */
export const itWithFonts = it.skipIf(skip(checkChartFonts));
