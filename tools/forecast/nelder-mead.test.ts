import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const f = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const res = nelderMead(f, [-1.2, 1], { lower: [-5, -5], upper: [5, 5], step: [0.5, 0.5], maxEvals: 4000, tol: 1e-14 });
    expect(res.x[0]).toBeCloseTo(1, 3);
    expect(res.x[1]).toBeCloseTo(1, 3);
  });

  it('stays inside its bounds when the free minimum lies outside them', () => {
    const f = ([x, y]: number[]) => (x - 3) ** 2 + (y + 2) ** 2;
    const res = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 1], step: [0.1, 0.1], maxEvals: 2000, tol: 1e-14 });
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(0, 6);
  });

  it('treats Infinity as a wall, not as an answer', () => {
    const f = ([x]: number[]) => (x < 0.3 ? Infinity : (x - 0.2) ** 2);
    const res = nelderMead(f, [0.9], { lower: [0], upper: [1], step: [0.1], maxEvals: 500, tol: 1e-14 });
    expect(res.x[0]).toBeGreaterThanOrEqual(0.3);
    expect(res.x[0]).toBeCloseTo(0.3, 3);
  });
});
