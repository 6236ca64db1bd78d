import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const f = ([x, y]: Float64Array) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const res = nelderMead(f, [-1.2, 1], { lower: [-5, -5], upper: [5, 5], step: [0.5, 0.5], maxEvals: 4000, tol: 1e-14 });
    expect(res.x[0]).toBeCloseTo(1, 3);
    expect(res.x[1]).toBeCloseTo(1, 3);
  });

  it('stays inside its bounds when the free minimum lies outside them', () => {
    const f = ([x, y]: Float64Array) => (x - 3) ** 2 + (y + 2) ** 2;
    const res = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 1], step: [0.1, 0.1], maxEvals: 2000, tol: 1e-14 });
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(0, 6);
  });

  it('treats Infinity as a wall, not as an answer', () => {
    const f = ([x]: Float64Array) => (x < 0.3 ? Infinity : (x - 0.2) ** 2);
    const res = nelderMead(f, [0.9], { lower: [0], upper: [1], step: [0.1], maxEvals: 500, tol: 1e-14 });
    expect(res.x[0]).toBeGreaterThanOrEqual(0.3);
    expect(res.x[0]).toBeCloseTo(0.3, 3);
  });

  it('lets an objective skip work above the cutoff without changing the answer', () => {
    // A wall (x + y < 0.5 is forbidden) that is expensive to test: the lazy objective only
    // tests it below the cutoff, and must land where the exact one does.
    const core = ([x, y]: Float64Array) => (x - 0.1) ** 2 + 3 * (y - 0.2) ** 2;
    const opts = { lower: [-2, -2], upper: [2, 2], step: [0.3, 0.3], maxEvals: 3000, tol: 1e-14 };
    let checks = 0;
    const exact = nelderMead((x) => (x[0] + x[1] < 0.5 ? Infinity : core(x)), [1.5, 1.5], opts);
    const lazy = nelderMead((x, cutoff) => {
      const v = core(x);
      if (v >= cutoff) return v;
      checks++;
      return x[0] + x[1] < 0.5 ? Infinity : v;
    }, [1.5, 1.5], opts);
    expect(lazy.x).toEqual(exact.x);
    expect(lazy.x[0] + lazy.x[1]).toBeGreaterThanOrEqual(0.5);
    expect(checks).toBeLessThan(lazy.evals);
  });

  it('stops early on the spread of its values when given a standard-deviation tolerance', () => {
    const f = ([x, y]: Float64Array) => 1000 + (x - 1) ** 2 + (y - 2) ** 2;
    const tight = nelderMead(f, [0, 0], { lower: [-5, -5], upper: [5, 5], step: [0.5, 0.5], maxEvals: 4000, tol: 1e-15 });
    const loose = nelderMead(f, [0, 0], { lower: [-5, -5], upper: [5, 5], step: [0.5, 0.5], maxEvals: 4000, tol: 1e-15, stdTol: 1e-4 });
    expect(loose.evals).toBeLessThan(tight.evals);
    expect(loose.x[0]).toBeCloseTo(1, 1);
    expect(loose.x[1]).toBeCloseTo(2, 1);
  });
});
