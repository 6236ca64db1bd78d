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
  /** Stop when the simplex's function values span less than this (absolute). */
  tol?: number;
};

export function nelderMead(f: (x: number[]) => number, x0: number[], opts: NelderMeadOptions): { x: number[]; value: number; evals: number } {
  const d = x0.length;
  const { lower, upper } = opts;
  const maxEvals = opts.maxEvals ?? 200 * d;
  const tol = opts.tol ?? 1e-7;
  const a = 1;
  const g = 1 + 2 / d;
  const r = 0.75 - 1 / (2 * d);
  const s = 1 - 1 / d;
  const clamp = (x: number[]) => x.map((v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  let evals = 0;
  const value = (x: number[]) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  const pts: number[][] = [clamp(x0)];
  for (let i = 0; i < d; i++) {
    const p = pts[0].slice();
    p[i] = p[i] + opts.step[i] <= upper[i] ? p[i] + opts.step[i] : p[i] - opts.step[i];
    pts.push(clamp(p));
  }
  let vals = pts.map(value);

  while (evals < maxEvals) {
    const order = vals.map((_, i) => i).sort((i, j) => vals[i] - vals[j]);
    const P = order.map((i) => pts[i]);
    const V = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...P);
    vals = V;
    const spread = vals[d] - vals[0];
    if (Number.isFinite(spread) && Math.abs(spread) <= tol * (1 + Math.abs(vals[0]))) break;

    const c = new Array<number>(d).fill(0);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) c[i] += pts[k][i] / d;
    const worst = pts[d];
    const toward = (coef: number) => clamp(c.map((ci, i) => ci + coef * (ci - worst[i])));

    const xr = toward(a);
    const fr = value(xr);
    if (fr < vals[0]) {
      const xe = toward(a * g);
      const fe = value(xe);
      if (fe < fr) [pts[d], vals[d]] = [xe, fe];
      else [pts[d], vals[d]] = [xr, fr];
    } else if (fr < vals[d - 1]) {
      [pts[d], vals[d]] = [xr, fr];
    } else {
      const outside = fr < vals[d];
      const xc = toward(outside ? a * r : -r);
      const fc = value(xc);
      if (fc < (outside ? fr : vals[d])) {
        [pts[d], vals[d]] = [xc, fc];
      } else {
        for (let k = 1; k <= d; k++) {
          pts[k] = clamp(pts[0].map((b, i) => b + s * (pts[k][i] - b)));
          vals[k] = value(pts[k]);
        }
      }
    }
  }
  let best = 0;
  for (let k = 1; k < vals.length; k++) if (vals[k] < vals[best]) best = k;
  return { x: pts[best], value: vals[best], evals };
}
