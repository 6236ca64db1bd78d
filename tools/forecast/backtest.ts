/**
 * Rolling-origin evaluation: refit at the last few origins and score each method's
 * forecasts by MASE, and by that MASE relative to seasonal naive's (below 1 beats it).
 * The forecast tool picks its method by this.
 */
import { METHODS, type MethodName } from './methods';
import { mase, smape } from './metrics';

export type BacktestRow = { method: MethodName; mase: number; smape: number; relativeToSeasonalNaive: number; origins: number };
export type BacktestOptions = { horizon: number; period?: number; methods?: MethodName[]; origins?: number };

export function backtest(series: number[], opts: BacktestOptions): BacktestRow[] {
  const h = opts.horizon;
  const m = opts.period ?? 1;
  const methods = opts.methods ?? (['combination', 'ets', 'autotheta', 'theta', 'damped', 'naive2'] as MethodName[]);
  // Each origin keeps at least max(4, 2m) points to fit on; fewer origins when history is short.
  const minTrain = Math.max(4, m > 1 ? 2 * m : 4);
  const maxOrigins = Math.max(0, series.length - h - minTrain + 1);
  const count = Math.min(opts.origins ?? 3, maxOrigins);
  if (count === 0) return [];
  const scores = new Map<MethodName | 'snaive', { mase: number[]; smape: number[] }>();
  for (let k = 0; k < count; k++) {
    const cut = series.length - h - k;
    const train = series.slice(0, cut);
    const actual = series.slice(cut, cut + h);
    const period = train.length >= 2 * m ? m : 1;
    for (const name of [...methods, 'snaive' as const]) {
      const f = METHODS[name](train, period, h, 95).mean;
      const s = scores.get(name) ?? { mase: [], smape: [] };
      s.mase.push(mase(train, actual, f, period));
      s.smape.push(smape(actual, f));
      scores.set(name, s);
    }
  }
  const avg = (xs: number[]) => xs.reduce((a, v) => a + v, 0) / xs.length;
  const base = avg(scores.get('snaive')!.mase);
  return methods
    .map((method) => {
      const s = scores.get(method)!;
      return { method, mase: avg(s.mase), smape: avg(s.smape), relativeToSeasonalNaive: avg(s.mase) / base, origins: count };
    })
    .sort((a, b) => a.mase - b.mase);
}
