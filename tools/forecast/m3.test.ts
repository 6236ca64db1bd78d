import { describe, expect, it } from 'vitest';
import { loadM3, M3_PERIODS, sampleM3 } from './testing/datasets';
import { scoreSeries, summarise } from './testing/m3-eval';

// A fixed sample of 15 M3 series per period (the full 3,003 are `npm run bench forecast`).
// Bounds are loose: the published per-period Theta sMAPE (Hyndman 2018: Y 16.76, Q 9.20,
// M 13.86, O 4.92) plus a margin for sampling noise on so few series.
const BOUND = { YEARLY: 16.76 * 1.35, QUARTERLY: 9.2 * 1.35, MONTHLY: 13.86 * 1.35, OTHER: 4.92 * 1.6 };

describe('M3 sample', () => {
  const all = loadM3();
  it('has all 3,003 series with their published horizons', () => {
    expect(all).toHaveLength(3003);
    expect(Object.fromEntries(M3_PERIODS.map((p) => [p, all.filter((s) => s.period === p).length]))).toEqual({ YEARLY: 645, QUARTERLY: 756, MONTHLY: 1428, OTHER: 174 });
    expect(all.find((s) => s.period === 'MONTHLY')!.horizon).toBe(18);
  });

  it.each(M3_PERIODS)('%s: the default method is near published accuracy and its 95 percent band covers most outcomes', (period) => {
    const scores = sampleM3(all, period, 15).map((s) => scoreSeries(s));
    const sum = summarise(scores);
    expect(sum.smape).toBeLessThan(BOUND[period]);
    expect(sum.coverage).toBeGreaterThan(0.7);
    // And it must beat Naive2-level skill: MASE below the published seasonal naive's (Y 3.17, Q 1.43, M 1.15, O 3.09).
    expect(sum.mase).toBeLessThan({ YEARLY: 3.17, QUARTERLY: 1.43, MONTHLY: 1.15, OTHER: 3.09 }[period] * 1.2);
  });
});
