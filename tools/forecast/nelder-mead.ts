/**
 * Bounded Nelder–Mead, the optimiser R's `ets` and statsforecast use for exponential
 * smoothing. Box bounds are enforced by clamping (as statsforecast's C++ does); other
 * constraints are the objective's business (it returns Infinity where they fail).
 * Adaptive coefficients (Gao & Han 2012) keep it working in 5–10 dimensions.
 */
export type NelderMeadOptions = {
  lower: number[];
  upper: number[];
  /** Initial simplex step per dimension. */
  step: number[];
  maxEvals?: number;
  /** Stop when the simplex's function values span less than tol·(1 + |best|)… */
  tol?: number;
  /** …or when their standard deviation is below this: statsforecast's `tol_std` (1e-4 for ETS). */
  stdTol?: number;
};

/**
 * The objective. `cutoff` is a value at or above which the exact answer no longer matters: the
 * point would be rejected anyway, so an objective may skip expensive checks (returning any
 * value ≥ cutoff). It is Infinity where every value counts. `x` is reused: copy it to keep it.
 */
export type Objective = (x: Float64Array, cutoff: number) => number;

export function nelderMead(f: Objective, x0: ArrayLike<number>, opts: NelderMeadOptions): { x: number[]; value: number; evals: number } {
  const d = x0.length;
  const { lower, upper } = opts;
  const maxEvals = opts.maxEvals ?? 200 * d;
  const tol = opts.tol ?? 1e-7;
  const stdTol = opts.stdTol ?? 0;
  const sd = () => {
    let mean = 0;
    for (const v of vals) mean += v / (d + 1);
    let ss = 0;
    for (const v of vals) ss += (v - mean) ** 2;
    return Math.sqrt(ss / (d + 1));
  };
  const g = 1 + 2 / d;
  const r = 0.75 - 1 / (2 * d);
  const s = 1 - 1 / d;
  const clampInto = (x: Float64Array) => {
    for (let i = 0; i < d; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
  };
  let evals = 0;
  const value = (x: Float64Array, cutoff: number) => {
    evals++;
    const v = f(x, cutoff);
    return Number.isFinite(v) ? v : Infinity;
  };

  // Vertices kept sorted by value: pts[0] best, pts[d] worst.
  let pts: Float64Array[] = [Float64Array.from(x0)];
  clampInto(pts[0]);
  for (let i = 0; i < d; i++) {
    const p = pts[0].slice();
    p[i] = p[i] + opts.step[i] <= upper[i] ? p[i] + opts.step[i] : p[i] - opts.step[i];
    clampInto(p);
    pts.push(p);
  }
  let vals = pts.map((p) => value(p, Infinity));
  const c = new Float64Array(d);
  let trial: Float64Array = new Float64Array(d);
  let spare: Float64Array = new Float64Array(d);
  const toward = (into: Float64Array, coef: number) => {
    const worst = pts[d];
    for (let i = 0; i < d; i++) into[i] = c[i] + coef * (c[i] - worst[i]);
    clampInto(into);
  };
  const sort = () => {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
    pts = order.map((i) => pts[i]);
    vals = order.map((i) => vals[i]);
  };
  /** Puts `x` (value v) in place of the worst vertex, keeping the order; the old worst becomes scratch. */
  const replaceWorst = (x: Float64Array, v: number): Float64Array => {
    const old = pts[d];
    let k = d;
    while (k > 0 && vals[k - 1] > v) {
      pts[k] = pts[k - 1];
      vals[k] = vals[k - 1];
      k--;
    }
    pts[k] = x;
    vals[k] = v;
    return old;
  };
  sort();

  while (evals < maxEvals) {
    const spread = vals[d] - vals[0];
    if (Number.isFinite(spread) && (Math.abs(spread) <= tol * (1 + Math.abs(vals[0])) || sd() < stdTol)) break;

    c.fill(0);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) c[i] += pts[k][i] / d;

    toward(trial, 1);
    const fr = value(trial, vals[d]);
    if (fr < vals[0]) {
      toward(spare, g);
      const fe = value(spare, fr);
      if (fe < fr) spare = replaceWorst(spare, fe);
      else trial = replaceWorst(trial, fr);
    } else if (fr < vals[d - 1]) {
      trial = replaceWorst(trial, fr);
    } else {
      const outside = fr < vals[d];
      const bar = outside ? fr : vals[d];
      toward(spare, outside ? r : -r);
      const fc = value(spare, bar);
      if (fc < bar) {
        spare = replaceWorst(spare, fc);
      } else {
        for (let k = 1; k <= d; k++) {
          const p = pts[k];
          for (let i = 0; i < d; i++) p[i] = pts[0][i] + s * (p[i] - pts[0][i]);
          clampInto(p);
          vals[k] = value(p, Infinity);
        }
        sort();
      }
    }
  }
  return { x: Array.from(pts[0]), value: vals[0], evals };
}
