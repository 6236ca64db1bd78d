import { describe, expect, it } from 'vitest';
import { loadClassic } from './testing/datasets';
import { acf, classicalDecomposition, deseasonalise, isSeasonal, reseasonalise, seasonalAdjustment } from './seasonality';

describe('acf', () => {
  it('uses one denominator for every lag, as R acf does', () => {
    // By hand: deviations from 3.5 are -2.5 -0.5 -1.5 1.5 0.5 2.5, Σd² = 17.5,
    // lag-1 products sum to 1.75, lag-2 to 6.
    const r = acf([1, 3, 2, 5, 4, 6], 2);
    expect(r[0]).toBeCloseTo(1.75 / 17.5, 12);
    expect(r[1]).toBeCloseTo(6 / 17.5, 12);
  });
});

describe('isSeasonal (the M4 90% ACF test)', () => {
  it('finds the yearly cycle in AirPassengers and USAccDeaths', () => {
    expect(isSeasonal(loadClassic('AirPassengers'), 12)).toBe(true);
    expect(isSeasonal(loadClassic('USAccDeaths'), 12)).toBe(true);
  });

  it('finds none in a trend with noise, nor with fewer than three seasons', () => {
    let seed = 1;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5);
    const trend = Array.from({ length: 60 }, (_, t) => 100 + t + 5 * noise());
    expect(isSeasonal(trend, 12)).toBe(false);
    expect(isSeasonal(loadClassic('AirPassengers').slice(0, 30), 12)).toBe(false);
    expect(isSeasonal(new Array(48).fill(3), 12)).toBe(false);
  });
});

describe('classical decomposition', () => {
  it('recovers exact multiplicative indices of a pure seasonal pattern', () => {
    const pattern = [0.8, 1.2, 1.0, 1.0];
    const y = Array.from({ length: 24 }, (_, t) => 50 * pattern[t % 4]);
    const d = classicalDecomposition(y, 4, 'multiplicative');
    d.indices.forEach((v, k) => expect(v).toBeCloseTo(pattern[k], 10));
  });

  it('has AirPassengers peaking in July and August, indices averaging one', () => {
    const d = classicalDecomposition(loadClassic('AirPassengers'), 12, 'multiplicative');
    const max = Math.max(...d.indices);
    expect([6, 7]).toContain(d.indices.indexOf(max));
    expect(d.indices.reduce((a, b) => a + b, 0) / 12).toBeCloseTo(1, 12);
  });

  it('switches to additive when data are not all positive, and round-trips', () => {
    const y = Array.from({ length: 24 }, (_, t) => (t % 4 === 0 ? -5 : 3) + t * 0.1);
    const d = seasonalAdjustment(y, 4);
    expect(d.kind).toBe('additive');
    const back = reseasonalise(deseasonalise(y, d), d, 0);
    back.forEach((v, i) => expect(v).toBeCloseTo(y[i], 10));
  });
});
