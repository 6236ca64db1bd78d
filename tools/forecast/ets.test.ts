import { describe, expect, it } from 'vitest';
import { autoEts, etsCandidates, etsForecast, etsName, fitEts } from './ets';
import { loadClassic } from './testing/datasets';

describe('ETS', () => {
  it('has the 15-model space for positive seasonal data and 6 without season or when not positive', () => {
    const air = loadClassic('AirPassengers');
    expect(etsCandidates(air, 12)).toHaveLength(15);
    expect(etsCandidates(air, 1)).toHaveLength(6);
    expect(etsCandidates(air.map((v) => v - 200), 12).map(etsName)).toEqual([
      'ETS(A,N,N)', 'ETS(A,N,A)', 'ETS(A,A,N)', 'ETS(A,A,A)', 'ETS(A,Ad,N)', 'ETS(A,Ad,A)',
    ]);
  });

  it('keeps parameters inside the usual region', () => {
    const fit = fitEts(loadClassic('USAccDeaths'), { error: 'A', trend: 'Ad', season: 'A' }, 12)!;
    expect(fit.alpha).toBeGreaterThanOrEqual(1e-4);
    expect(fit.beta).toBeLessThanOrEqual(fit.alpha);
    expect(fit.gamma).toBeLessThanOrEqual(1 - fit.alpha);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
  });

  it('picks a multiplicative-season model for AirPassengers, whose swings grow with the level', () => {
    const fit = autoEts(loadClassic('AirPassengers'), 12)!;
    expect(fit.spec.season).toBe('M');
    expect(fit.spec.error).toBe('M');
  });

  it('recovers a random walk as SES with α near 1, and its band grows like σ√h', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5) * 2;
    const y: number[] = [100];
    for (let i = 1; i < 200; i++) y.push(y[i - 1] + rnd());
    const fit = fitEts(y, { error: 'A', trend: 'N', season: 'N' })!;
    expect(fit.alpha).toBeGreaterThan(0.9);
    const f = etsForecast(fit, 4, 95);
    const w = f.upper.map((u, j) => u - f.lower[j]);
    // σ²(1 + (h−1)α²) with α ≈ 1: width ratio h=4 to h=1 ≈ 2.
    expect(w[3] / w[0]).toBeGreaterThan(1.9);
    expect(w[3] / w[0]).toBeLessThan(2.01);
  });

  it('simulates a band around the point forecast for multiplicative seasons', () => {
    const fit = fitEts(loadClassic('AirPassengers'), { error: 'M', trend: 'A', season: 'M' }, 12)!;
    const f = etsForecast(fit, 12, 95);
    for (let j = 0; j < 12; j++) {
      expect(f.lower[j]).toBeLessThan(f.mean[j]);
      expect(f.upper[j]).toBeGreaterThan(f.mean[j]);
    }
    expect(etsForecast(fit, 12, 95).lower).toEqual(f.lower); // seeded: reproducible
  });
});
