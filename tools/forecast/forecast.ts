/**
 * `forecast(series, options)`: the library's front door. It validates, falls back to a
 * simpler method where the history cannot support the one asked for (and says so in
 * `warnings`), and never fails on a tiny, constant or non-positive series.
 */
import { METHODS, type MethodName } from './methods';

export type ForecastOptions = {
  horizon: number;
  /** Seasonal period (12 monthly, 4 quarterly, 7 daily, …); 1 or absent = none. */
  period?: number;
  /** Interval level in percent; default 95. */
  level?: number;
  method?: MethodName;
  /** Clip forecasts and bounds at 0; by default when the history has no negative value. */
  nonNegative?: boolean;
};

export type ForecastResult = {
  mean: number[];
  lower: number[];
  upper: number[];
  level: number;
  /** The method actually used (after any fallback). */
  method: MethodName;
  /** What was fitted, in words. */
  model: string;
  period: number;
  warnings: string[];
};

/** Bad input (an expected failure the caller can show), as opposed to a bug. */
export class ForecastInputError extends Error {
  override name = 'ForecastInputError';
}

export function forecast(series: number[], options: ForecastOptions): ForecastResult {
  const { horizon: h } = options;
  const level = options.level ?? 95;
  if (!Number.isInteger(h) || h < 1) throw new ForecastInputError(`horizon must be a whole number of at least 1, not ${h}`);
  if (!(level > 0 && level < 100)) throw new ForecastInputError(`level must be between 0 and 100 (e.g. 95), not ${level}`);
  const bad = series.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new ForecastInputError(`value ${bad + 1} of the series is not a finite number (${series[bad]}); fill gaps first`);
  if (series.length === 0) throw new ForecastInputError('the series is empty: nothing to forecast');
  const m0 = options.period ?? 1;
  if (!Number.isInteger(m0) || m0 < 1) throw new ForecastInputError(`period must be a whole number of at least 1, not ${m0}`);

  const warnings: string[] = [];
  const n = series.length;
  let method: MethodName = options.method ?? 'combination';
  let m = m0;
  if (m > 1 && n < 2 * m) {
    warnings.push(`less than two seasons of history (${n} points, period ${m}): seasonality ignored, low confidence`);
    m = 1;
  }
  if (series.every((v) => v === series[0])) {
    if (method !== 'naive') warnings.push('the series is constant: forecasting it flat');
    method = 'naive';
  } else if (n < 4) {
    warnings.push(`only ${n} point${n === 1 ? '' : 's'} of history: forecasting the ${n === 1 ? 'last value' : 'mean'}, low confidence`);
    method = n === 1 ? 'naive' : 'mean';
  }

  let r = run(method, series, m, h, level);
  if (!r) {
    warnings.push(`method ${method} could not forecast this series; used damped trend instead`);
    method = 'damped';
    r = run(method, series, m, h, level) ?? run((method = 'naive'), series, m, h, level)!;
  }
  const clip = options.nonNegative ?? series.every((v) => v >= 0);
  const floor = (xs: number[]) => (clip ? xs.map((v) => Math.max(0, v)) : xs);
  return { mean: floor(r.mean), lower: floor(r.lower), upper: floor(r.upper), level, method, model: r.label, period: m, warnings };
}

function run(method: MethodName, y: number[], m: number, h: number, level: number) {
  try {
    const r = METHODS[method](y, m, h, level);
    const finite = [r.mean, r.lower, r.upper].every((xs) => xs.length === h && xs.every(Number.isFinite));
    return finite ? r : null;
  } catch {
    // A numerical breakdown inside one method is not the caller's problem: fall back.
    return null;
  }
}
