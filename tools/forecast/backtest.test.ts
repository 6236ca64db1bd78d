import { describe, expect, it } from 'vitest';
import { backtest } from './backtest';
import { loadClassic } from './testing/datasets';

describe('backtest', () => {
  it('ranks methods by rolling-origin MASE and reports it against seasonal naive', () => {
    const rows = backtest(loadClassic('USAccDeaths'), { horizon: 6, period: 12, methods: ['ets', 'naive', 'naive2'], origins: 3 });
    expect(rows.map((r) => r.method).sort()).toEqual(['ets', 'naive', 'naive2']);
    expect(rows[0].mase).toBeLessThanOrEqual(rows[2].mase);
    const ets = rows.find((r) => r.method === 'ets')!;
    expect(ets.origins).toBe(3);
    // Strong yearly pattern: ETS should beat plain naive by a wide margin.
    expect(ets.mase).toBeLessThan(rows.find((r) => r.method === 'naive')!.mase);
    expect(ets.relativeToSeasonalNaive).toBeGreaterThan(0);
  });

  it('returns nothing when the history is too short to hold out a horizon', () => {
    expect(backtest([1, 2, 3, 4, 5], { horizon: 4 })).toEqual([]);
  });
});
