/**
 * Seasonality as the M4 benchmarks define it: a 90% one-sided ACF test at the calendar
 * period, and classical multiplicative decomposition to take the season out and put it back.
 */

/** The period a calendar grain implies; the ACF test then decides whether it is real. */
export const CALENDAR_PERIODS = { hourly: 24, daily: 7, weekly: 52, monthly: 12, quarterly: 4, yearly: 1 } as const;
export type Grain = keyof typeof CALENDAR_PERIODS;

/** Sample autocorrelations r_1..r_maxLag (as R's acf: one denominator for every lag). */
export function acf(y: ArrayLike<number>, maxLag: number): number[] {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let denom = 0;
  for (let i = 0; i < n; i++) denom += (y[i] - mean) ** 2;
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let num = 0;
    for (let t = k; t < n; t++) num += (y[t] - mean) * (y[t - k] - mean);
    out.push(denom > 0 ? num / denom : 0);
  }
  return out;
}

/**
 * M4's test: seasonal when |r_m| > 1.645·√((1 + 2Σ_{k<m} r_k²)/n), and only with at least
 * three full seasons (fewer gives an ACF too noisy to trust).
 */
export function isSeasonal(y: ArrayLike<number>, m: number): boolean {
  if (m <= 1 || y.length < 3 * m) return false;
  const r = acf(y, m);
  if (r.every((v) => v === 0)) return false; // constant series
  let s = 1;
  for (let k = 0; k < m - 1; k++) s += 2 * r[k] * r[k];
  return Math.abs(r[m - 1]) > 1.6448536269514722 * Math.sqrt(s / y.length);
}

export type Decomposition = { kind: 'multiplicative' | 'additive'; indices: number[] };

/**
 * Classical decomposition (R's `decompose`): a centred moving average of order m (2×m for
 * even m), the ratio (or difference) to it averaged per season, normalised to mean 1 (or 0).
 * indices[k] belongs to time points t with t mod m = k (t counted from 0).
 */
export function classicalDecomposition(y: ArrayLike<number>, m: number, kind: Decomposition['kind']): Decomposition {
  const n = y.length;
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (m % 2 === 0) {
      trend = 0.5 * y[t - half] + 0.5 * y[t + half];
      for (let j = t - half + 1; j < t + half; j++) trend += y[j];
    } else {
      for (let j = t - half; j <= t + half; j++) trend += y[j];
    }
    trend /= m;
    const ratio = kind === 'multiplicative' ? y[t] / trend : y[t] - trend;
    if (!Number.isFinite(ratio)) continue;
    sums[t % m] += ratio;
    counts[t % m] += 1;
  }
  let indices = sums.map((s, k) => (counts[k] ? s / counts[k] : kind === 'multiplicative' ? 1 : 0));
  const avg = indices.reduce((a, b) => a + b, 0) / m;
  indices = kind === 'multiplicative' ? indices.map((v) => v / avg) : indices.map((v) => v - avg);
  return { kind, indices };
}

/**
 * The seasonal adjustment the M4 benchmarks apply: multiplicative when the data are positive
 * and the indices sane, else additive (statsforecast's Theta makes the same switch).
 */
export function seasonalAdjustment(y: number[], m: number): Decomposition {
  const positive = y.every((v) => v > 0);
  if (positive) {
    const d = classicalDecomposition(y, m, 'multiplicative');
    if (d.indices.every((v) => v >= 0.01)) return d;
  }
  return classicalDecomposition(y, m, 'additive');
}

/** Index for time point t (0-based, may be beyond the history). */
export function seasonAt(d: Decomposition, t: number): number {
  const m = d.indices.length;
  return d.indices[((t % m) + m) % m];
}

export function deseasonalise(y: number[], d: Decomposition): number[] {
  return y.map((v, t) => (d.kind === 'multiplicative' ? v / seasonAt(d, t) : v - seasonAt(d, t)));
}

/** Puts the season back on values for time points start, start+1, … */
export function reseasonalise(values: number[], d: Decomposition, start: number): number[] {
  return values.map((v, i) => (d.kind === 'multiplicative' ? v * seasonAt(d, start + i) : v + seasonAt(d, start + i)));
}
