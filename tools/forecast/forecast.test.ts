import { describe, expect, it } from 'vitest';
import { forecast, ForecastInputError } from './forecast';
import { METHOD_NAMES } from './methods';
import { loadClassic } from './testing/datasets';

const air = loadClassic('AirPassengers');

describe('forecast', () => {
  it('forecasts AirPassengers with a seasonal shape and a band that widens with the horizon', () => {
    const f = forecast(air.slice(0, 132), { horizon: 12, period: 12 });
    expect(f.method).toBe('combination');
    expect(f.mean).toHaveLength(12);
    // July above November, as in every year of the history.
    expect(f.mean[6]).toBeGreaterThan(f.mean[10] * 1.2);
    const actual = air.slice(132);
    const mape = actual.reduce((a, v, i) => a + Math.abs(v - f.mean[i]) / v, 0) / 12;
    expect(mape).toBeLessThan(0.08);
    const inside = actual.filter((v, i) => v >= f.lower[i] && v <= f.upper[i]).length;
    expect(inside).toBeGreaterThanOrEqual(10);
    expect(f.upper[11] - f.lower[11]).toBeGreaterThan(f.upper[0] - f.lower[0]);
  });

  it('makes wider bands at higher levels', () => {
    const widths = [80, 90, 95, 99].map((level) => {
      const f = forecast(air, { horizon: 6, period: 12, level, method: 'ets' });
      return f.upper[5] - f.lower[5];
    });
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThan(widths[i - 1]);
  });

  it.each(METHOD_NAMES)('method %s returns finite forecasts and ordered bounds', (method) => {
    const f = forecast(loadClassic('USAccDeaths'), { horizon: 8, period: 12, method });
    expect(f.method).toBe(method);
    for (let j = 0; j < 8; j++) {
      expect(Number.isFinite(f.mean[j])).toBe(true);
      expect(f.lower[j]).toBeLessThanOrEqual(f.mean[j] + 1e-9);
      expect(f.upper[j]).toBeGreaterThanOrEqual(f.mean[j] - 1e-9);
    }
  });

  it('falls back on tiny histories instead of failing', () => {
    expect(forecast([5], { horizon: 3 })).toMatchObject({ method: 'naive', mean: [5, 5, 5] });
    const two = forecast([4, 6], { horizon: 2 });
    expect(two.method).toBe('mean');
    expect(two.mean).toEqual([5, 5]);
    expect(two.warnings.join()).toMatch(/only 2 points/);
    const short = forecast([3, 5, 4, 6, 5, 7, 6, 8], { horizon: 4, period: 12 });
    expect(short.period).toBe(1);
    expect(short.warnings.join()).toMatch(/less than two seasons/);
  });

  it('forecasts a constant series flat with no band', () => {
    const f = forecast(new Array(30).fill(7), { horizon: 4, period: 12 });
    expect(f.mean).toEqual([7, 7, 7, 7]);
    expect(f.lower).toEqual([7, 7, 7, 7]);
    expect(f.warnings.join()).toMatch(/constant/);
  });

  it('handles zeros and negative values (no multiplicative models, no clipping at 0)', () => {
    const y = Array.from({ length: 48 }, (_, t) => -20 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / 12));
    const f = forecast(y, { horizon: 12, period: 12 });
    expect(f.mean.every(Number.isFinite)).toBe(true);
    expect(Math.min(...f.lower)).toBeLessThan(0);
    const intermittent = forecast([0, 0, 3, 0, 1, 0, 0, 2, 0, 0, 1, 0], { horizon: 3 });
    expect(Math.min(...intermittent.lower)).toBeGreaterThanOrEqual(0);
  });

  it.each([
    [[], { horizon: 3 }, /empty/],
    [[1, NaN, 3], { horizon: 3 }, /value 2 .* not a finite number/],
    [[1, 2, 3], { horizon: 0 }, /horizon/],
    [[1, 2, 3], { horizon: 2, level: 100 }, /level/],
  ])('rejects bad input %j with a readable error', (y, opts, message) => {
    expect(() => forecast(y as number[], opts)).toThrow(ForecastInputError);
    expect(() => forecast(y as number[], opts)).toThrow(message);
  });
});
