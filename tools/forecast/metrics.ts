/** Accuracy measures as the M competitions define them (M4 Guide; Hyndman & Koehler 2006). */

/** sMAPE on the 0–200 scale, averaged over the horizon. */
export function smape(actual: number[], fc: number[]): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(fc[i]);
    s += d === 0 ? 0 : (200 * Math.abs(actual[i] - fc[i])) / d;
  }
  return s / actual.length;
}

/** In-sample MAE of the seasonal naive forecast at lag m (1 = naive): MASE's yardstick. */
export function naiveScale(train: number[], m: number): number {
  const lag = train.length > m ? m : 1;
  let s = 0;
  for (let t = lag; t < train.length; t++) s += Math.abs(train[t] - train[t - lag]);
  return s / Math.max(1, train.length - lag);
}

export function mase(train: number[], actual: number[], fc: number[], m: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - fc[i]);
  return s / actual.length / naiveScale(train, m);
}

/** Mean scaled interval score (M4): width plus 2/α times each miss, over the naive scale. */
export function msis(train: number[], actual: number[], lower: number[], upper: number[], m: number, level = 95): number {
  const a = 1 - level / 100;
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    s += upper[i] - lower[i];
    if (actual[i] < lower[i]) s += (2 / a) * (lower[i] - actual[i]);
    if (actual[i] > upper[i]) s += (2 / a) * (actual[i] - upper[i]);
  }
  return s / actual.length / naiveScale(train, m);
}

/** Share of actual values inside [lower, upper]. */
export function coverage(actual: number[], lower: number[], upper: number[]): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return inside / actual.length;
}
