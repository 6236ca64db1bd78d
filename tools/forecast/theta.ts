/**
 * The Theta models of Fiorucci et al. (2016) as statsforecast implements them: STM (θ = 2),
 * OTM (θ optimised), and their dynamic versions DSTM / DOTM, whose trend line (Aₙ, Bₙ) is
 * re-estimated at every step. AutoTheta keeps the one with the lowest in-sample MSE.
 * Seasonality is taken out first by the M4 test and classical decomposition.
 */
import { nelderMead } from './nelder-mead';
import { normalSampler, quantileSorted, seededRandom } from './normal';
import { deseasonalise, isSeasonal, reseasonalise, seasonalAdjustment, type Decomposition } from './seasonality';
import type { Interval } from './types';

export const THETA_VARIANTS = ['STM', 'OTM', 'DSTM', 'DOTM'] as const;
export type ThetaVariant = (typeof THETA_VARIANTS)[number];

/** State after an observation: smoothed level, running mean, trend line Aₙ + Bₙt. */
type State = { level: number; meanY: number; A: number; B: number };

export type ThetaFit = { variant: ThetaVariant; alpha: number; theta: number; l0: number; mse: number; state: State; residuals: number[]; n: number };

const dynamic = (v: ThetaVariant) => v === 'DSTM' || v === 'DOTM';

function initialState(y: number[], v: ThetaVariant, l0: number, alpha: number): State {
  if (dynamic(v)) return { level: alpha * y[0] + (1 - alpha) * l0, meanY: y[0], A: y[0], B: 0 };
  const n = y.length;
  let mean = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    mean += y[i] / n;
    weighted += ((i + 1) * y[i]) / n;
  }
  const B = (6 * (2 * weighted - (n + 1) * mean)) / (n * n - 1);
  return { level: alpha * y[0] + (1 - alpha) * l0, meanY: y[0], A: mean - ((n + 1) * B) / 2, B };
}

/** One-step forecast made at time i from the state after observation i − 1; `decay` is (1 − α)^i. */
function oneStep(s: State, decay: number, alpha: number, theta: number): number {
  return s.level + (1 - 1 / theta) * (s.A * decay + (s.B * (1 - (1 - alpha) * decay)) / alpha);
}

function update(s: State, i: number, v: ThetaVariant, alpha: number, y: number): void {
  s.level = alpha * y + (1 - alpha) * s.level;
  const prevMean = s.meanY;
  s.meanY = (i * s.meanY + y) / (i + 1);
  if (dynamic(v)) {
    s.B = ((i - 1) * s.B + (6 * (y - prevMean)) / (i + 1)) / (i + 2);
    s.A = s.meanY - (s.B * (i + 2)) / 2;
  }
}

/** Runs the model over y; the one-step residuals go into `residuals` when given (only the final fit needs them). */
function run(y: number[], v: ThetaVariant, l0: number, alpha: number, theta: number, residuals?: number[]) {
  const n = y.length;
  const s = initialState(y, v, l0, alpha);
  const mu0 = dynamic(v) ? y[0] : l0 + (1 - 1 / theta) * (s.A + s.B);
  residuals?.push(y[0] - mu0);
  let sse = 0;
  let decay = 1 - alpha; // (1 − α)^i, kept by multiplication: Math.pow per step was a third of the fit
  for (let i = 1; i < n; i++) {
    const e = y[i] - oneStep(s, decay, alpha, theta);
    residuals?.push(e);
    if (i >= 3) sse += e * e; // statsforecast skips the first three (the burn-in)
    update(s, i, v, alpha, y[i]);
    decay *= 1 - alpha;
  }
  let meanAbs = 0;
  for (const v2 of y) meanAbs += Math.abs(v2) / n;
  return { state: s, mse: sse / Math.max(meanAbs, 1e-10) };
}

/** Fits one variant on an already seasonally adjusted series. */
export function fitTheta(y: number[], variant: ThetaVariant): ThetaFit {
  const optTheta = variant === 'OTM' || variant === 'DOTM';
  const scale = Math.max(Math.abs(y[0]), 1e-6);
  const x0 = optTheta ? [y[0] / 2, 0.5, 2] : [y[0] / 2, 0.5];
  const lower = optTheta ? [-1e10, 0.1, 1] : [-1e10, 0.1];
  const upper = optTheta ? [1e10, 0.99, 1e10] : [1e10, 0.99];
  const step = optTheta ? [0.1 * scale, 0.1, 0.5] : [0.1 * scale, 0.1];
  const objective = (x: Float64Array) => {
    const r = run(y, variant, x[0], x[1], optTheta ? x[2] : 2);
    return Number.isFinite(r.mse) ? r.mse : Infinity;
  };
  const best = nelderMead(objective, x0, { lower, upper, step, maxEvals: 200 * x0.length, tol: 1e-9 });
  const [l0, alpha] = best.x;
  const theta = optTheta ? best.x[2] : 2;
  const residuals: number[] = [];
  const r = run(y, variant, l0, alpha, theta, residuals);
  return { variant, alpha, theta, l0, mse: r.mse, state: r.state, residuals, n: y.length };
}

/** Multi-step forecasts: each step feeds its own forecast back, as the model prescribes. */
function path(fit: ThetaFit, h: number, shock?: () => number): number[] {
  const s = { ...fit.state };
  const out: number[] = [];
  let decay = (1 - fit.alpha) ** fit.n;
  for (let j = 0; j < h; j++) {
    const i = fit.n + j;
    const f = oneStep(s, decay, fit.alpha, fit.theta) + (shock ? shock() : 0);
    out.push(f);
    update(s, i, fit.variant, fit.alpha, f);
    decay *= 1 - fit.alpha;
  }
  return out;
}

const PATHS = 500;

/**
 * Forecast with a simulated interval: normal shocks with the residuals' sd (after the
 * burn-in). Only the dynamic variants move their trend line along a path; statsforecast
 * moves it for every variant, which makes STM/OTM bands drift off their point forecasts
 * (its PR #1181).
 */
export function thetaForecast(fit: ThetaFit, h: number, level: number, seed = 1): Interval {
  const mean = path(fit, h);
  const tail = fit.residuals.length > 5 ? fit.residuals.slice(3) : fit.residuals;
  const mu = tail.reduce((a, v) => a + v, 0) / tail.length;
  const sd = Math.sqrt(tail.reduce((a, v) => a + (v - mu) ** 2, 0) / Math.max(1, tail.length - 1));
  const draw = normalSampler(seededRandom(seed));
  const cols = Array.from({ length: h }, () => new Float64Array(PATHS));
  for (let p = 0; p < PATHS; p++) path(fit, h, () => sd * draw()).forEach((v, j) => (cols[j][p] = v));
  const lo = (100 - level) / 200;
  const lower: number[] = [];
  const upper: number[] = [];
  for (const c of cols) {
    c.sort();
    lower.push(quantileSorted(c, lo));
    upper.push(quantileSorted(c, 1 - lo));
  }
  return { mean, lower, upper };
}

/** The M4 way of handling a season around any non-seasonal method. */
export function adjusted(y: number[], m: number, h: number, inner: (adj: number[]) => Interval): Interval {
  let d: Decomposition | null = null;
  if (isSeasonal(y, m)) d = seasonalAdjustment(y, m);
  const r = inner(d ? deseasonalise(y, d) : y);
  if (!d) return r;
  const n = y.length;
  return { mean: reseasonalise(r.mean, d, n), lower: reseasonalise(r.lower, d, n), upper: reseasonalise(r.upper, d, n) };
}

/** One Theta variant, or AutoTheta (variant 'auto'), with the season handled. */
export function theta(y: number[], m: number, h: number, level: number, variant: ThetaVariant | 'auto' = 'auto'): Interval & { variant: ThetaVariant } {
  let chosen: ThetaVariant = 'STM';
  const r = adjusted(y, m, h, (adj) => {
    const fits = (variant === 'auto' ? THETA_VARIANTS : [variant]).map((v) => fitTheta(adj, v));
    const best = fits.reduce((a, b) => (b.mse < a.mse ? b : a));
    chosen = best.variant;
    return thetaForecast(best, h, level);
  });
  return { ...r, variant: chosen };
}
