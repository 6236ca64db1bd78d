import { describe, expect, it } from 'vitest';
import { averageOf, envelopeOf, medianOf } from './baselines';
import { METHODS } from './methods';
import { loadClassic } from './testing/datasets';

const a = { mean: [10, 20], lower: [8, 15], upper: [12, 25] };
const b = { mean: [11, 18], lower: [10, 12], upper: [13, 22] };
const c = { mean: [9, 21], lower: [7, 19], upper: [11, 30] };

describe('combining intervals', () => {
  it('averages, takes the median of, or envelopes the members per step and bound', () => {
    expect(averageOf([a, b, c])).toEqual({ mean: [10, 59 / 3], lower: [25 / 3, 46 / 3], upper: [12, 77 / 3] });
    expect(medianOf([a, b, c])).toEqual({ mean: [10, 20], lower: [8, 15], upper: [12, 25] });
    expect(envelopeOf([a, b, c])).toEqual({ lower: [7, 12], upper: [13, 30] });
  });

  it("gives the combination a band holding every member's band around the mean of their forecasts", () => {
    const y = loadClassic('USAccDeaths');
    const combined = METHODS.combination(y, 12, 12, 95);
    const members = [METHODS.ets, METHODS.autotheta, METHODS.theta, METHODS.damped].map((f) => f(y, 12, 12, 95));
    expect(combined.mean).toEqual(averageOf(members).mean);
    for (const mem of members) {
      mem.lower.forEach((lo, j) => expect(combined.lower[j]).toBeLessThanOrEqual(lo));
      mem.upper.forEach((up, j) => expect(combined.upper[j]).toBeGreaterThanOrEqual(up));
    }
    // Strictly wider than the average of the bounds, which is what fell short on M3.
    const avg = averageOf(members);
    expect(combined.upper[11] - combined.lower[11]).toBeGreaterThan(avg.upper[11] - avg.lower[11]);
  });
});
