import { describe, expect, it } from 'vitest';
import { coverage, mase, msis, smape } from './metrics';

describe('metrics', () => {
  it('computes sMAPE on the 0–200 scale', () => {
    expect(smape([100, 200], [110, 180])).toBeCloseTo((200 * 10) / 210 / 2 + (200 * 20) / 380 / 2, 10);
    expect(smape([0], [0])).toBe(0);
  });

  it('scales MASE by the in-sample seasonal naive error', () => {
    // Lag-2 differences of the train are 2, 2: scale 2. Errors 1 and 3: MAE 2 → MASE 1.
    expect(mase([1, 5, 3, 7], [10, 10], [9, 13], 2)).toBeCloseTo(1, 12);
  });

  it('penalises misses by 2/α in MSIS and counts coverage', () => {
    const train = [0, 1, 2, 3]; // naive scale 1
    // width 2 each; second point misses by 1 above: + 2/0.05 · 1 = 40
    expect(msis(train, [5, 8], [4, 6], [6, 7], 1, 95)).toBeCloseTo((2 + 1 + 40) / 2, 10);
    expect(coverage([5, 8], [4, 6], [6, 7])).toBe(0.5);
  });
});
