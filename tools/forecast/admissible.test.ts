import { describe, expect, it } from 'vitest';
import { admissible, maxRootModulus } from './admissible';

describe('maxRootModulus', () => {
  it.each([
    // (z - 2)(z + 0.5) = z² - 1.5z - 1
    [[-1, -1.5, 1], false],
    // z² + 1.21: roots ±1.1i
    [[1.21, 0, 1], false],
    // z² + 0.81: roots ±0.9i
    [[0.81, 0, 1], true],
    // (z - 0.3)(z - 0.4)(z - 0.5)
    [[-0.06, 0.47, -1.2, 1], true],
    // (z - 0.9)(z + 0.95)(z - 1.05)
    [[0.89775, -0.9575, -1, 1], false],
    // a seasonal ETS polynomial (α .0168, β .0017, γ .049, m 12): numpy's largest root is 0.99578
    [[0.9342, -0.9493, ...new Array(10).fill(0.0017), -0.9983, 1], true],
  ])('decides %j → %s', (coef, inside) => {
    expect(maxRootModulus(coef) <= 1 + 1e-10).toBe(inside);
    expect(maxRootModulus(coef, { re: new Float64Array(0), im: new Float64Array(0) }) <= 1 + 1e-10).toBe(inside);
  });
});

describe('admissible', () => {
  it('accepts ordinary smoothing parameters', () => {
    expect(admissible(0.3, 0.05, null, 0.95, 1)).toBe(true);
    expect(admissible(0.3, 0.05, 0.1, 0.95, 12)).toBe(true);
    expect(admissible(0.2, null, 0.1, null, 4)).toBe(true);
  });

  it('rejects seasonal parameters whose characteristic roots leave the unit circle', () => {
    // γ above 1 + 1/φ - α fails the easy test; a large β with a large γ fails the root test.
    expect(admissible(0.5, 0.1, 1.6, 1, 12)).toBe(false);
    expect(admissible(0.9, 1.5, 0.9, 1, 4)).toBe(false);
  });
});
