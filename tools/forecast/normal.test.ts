import { describe, expect, it } from 'vitest';
import { normalSampler, qnorm, quantileSorted, seededRandom, zForLevel } from './normal';

describe('qnorm', () => {
  // Reference values from R's qnorm (AS 241) to 12+ digits.
  it.each([
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.95, 1.6448536269514722],
    [0.9, 1.2815515655446004],
    [0.995, 2.5758293035489004],
    [0.025, -1.959963984540054],
    [1e-10, -6.361340902404056],
    [1e-6, -4.753424308822899], // the lower tail: 1 - 0.999999 is not exactly 1e-6 in doubles
  ])('qnorm(%d) = %d', (p, z) => {
    expect(qnorm(p)).toBeCloseTo(z, 12);
  });

  it('gives the z of two-sided intervals at the levels people ask for', () => {
    expect(zForLevel(80)).toBeCloseTo(1.2815515655446004, 12);
    expect(zForLevel(99)).toBeCloseTo(2.5758293035489004, 12);
  });

  it('is infinite at the ends and NaN outside [0, 1]', () => {
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(qnorm(1.2)).toBeNaN();
  });
});

describe('random helpers', () => {
  it('draws reproducible standard normals', () => {
    const draw = normalSampler(seededRandom(7));
    const xs = Array.from({ length: 20000 }, draw);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(normalSampler(seededRandom(7))()).toBe(xs[0]);
  });

  it('interpolates quantiles like R type 7', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  });
});
