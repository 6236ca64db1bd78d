/** Scores one method on M3 series: the per-series figures the tests and the benchmark average. */
import { forecast } from '../forecast';
import type { MethodName } from '../methods';
import { coverage, mase, msis, smape } from '../metrics';
import type { M3Series } from './datasets';

export type SeriesScore = { id: string; period: M3Series['period']; smape: number; mase: number; msis: number; coverage: number };

export function scoreSeries(s: M3Series, method: MethodName = 'combination', level = 95): SeriesScore {
  const f = forecast(s.train, { horizon: s.horizon, period: s.frequency, level, method });
  return {
    id: s.id,
    period: s.period,
    smape: smape(s.test, f.mean),
    mase: mase(s.train, s.test, f.mean, s.frequency),
    msis: msis(s.train, s.test, f.lower, f.upper, s.frequency, level),
    coverage: coverage(s.test, f.lower, f.upper),
  };
}

export function summarise(scores: SeriesScore[]) {
  const avg = (k: 'smape' | 'mase' | 'msis' | 'coverage') => scores.reduce((a, s) => a + s[k], 0) / scores.length;
  return { count: scores.length, smape: avg('smape'), mase: avg('mase'), msis: avg('msis'), coverage: avg('coverage') };
}
