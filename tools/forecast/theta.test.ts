import { describe, expect, it } from 'vitest';
import { fitTheta, theta, thetaForecast } from './theta';
import { thetaClassic } from './baselines';
import { loadClassic } from './testing/datasets';

const line = Array.from({ length: 40 }, (_, t) => 10 + 2 * t + ((t * 7) % 5) * 0.3);

describe('Theta models', () => {
  it('STM fixes θ at 2; OTM may move it, never below 1', () => {
    expect(fitTheta(line, 'STM').theta).toBe(2);
    expect(fitTheta(line, 'OTM').theta).toBeGreaterThanOrEqual(1);
  });

  it.each(['STM', 'OTM', 'DSTM', 'DOTM'] as const)('%s extends a linear trend at about its slope', (v) => {
    const f = thetaForecast(fitTheta(line, v), 6, 95);
    const slope = (f.mean[5] - f.mean[0]) / 5;
    expect(slope).toBeGreaterThan(0.7);
    expect(slope).toBeLessThan(2.6);
    f.mean.forEach((m, j) => {
      expect(f.lower[j]).toBeLessThan(m);
      expect(f.upper[j]).toBeGreaterThan(m);
    });
  });

  it('keeps an STM band centred on its forecast (the trend line is not moved along the paths)', () => {
    const f = thetaForecast(fitTheta(line, 'STM'), 8, 95);
    const mid = f.mean.map((_, j) => (f.lower[j] + f.upper[j]) / 2);
    mid.forEach((m, j) => expect(Math.abs(m - f.mean[j])).toBeLessThan(0.15 * (f.upper[j] - f.lower[j])));
  });

  it('puts the season back on AirPassengers', () => {
    const air = loadClassic('AirPassengers');
    const f = theta(air, 12, 12, 95);
    expect(f.mean[6]).toBeGreaterThan(f.mean[10] * 1.2);
    const c = thetaClassic(air, 12, 12, 95);
    expect(c.mean[6]).toBeGreaterThan(c.mean[10] * 1.2);
  });
});
