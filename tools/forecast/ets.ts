/**
 * Exponential smoothing state-space models (Hyndman et al. 2008) and AutoETS, following R's
 * `forecast::ets` / statsforecast: error A|M × trend N|A|Ad × season N|A|M, the usual bounds
 * plus admissibility, Nelder–Mead on the concentrated likelihood, selection by AICc.
 *
 * One deliberate difference: the initial seasonal states come from classical decomposition
 * and are not optimised (R optimises all m−1 of them). That keeps monthly fits to ≤ 6
 * dimensions, which is what lets all of M3 run in a couple of minutes; they still count in k.
 */
import { admissible } from './admissible';
import { nelderMead } from './nelder-mead';
import { normalSampler, quantileSorted, seededRandom, zForLevel } from './normal';
import { classicalDecomposition } from './seasonality';
import type { Interval } from './types';

export type EtsSpec = { error: 'A' | 'M'; trend: 'N' | 'A' | 'Ad'; season: 'N' | 'A' | 'M' };
export type EtsFit = {
  spec: EtsSpec;
  m: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  lik: number;
  aicc: number;
  sigma2: number;
  fitted: number[];
  /** States after the last observation: level, trend, and seasonal states indexed by t mod m. */
  level: number;
  slope: number;
  seasons: Float64Array;
  n: number;
};

const LOWER = { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 };

export const etsName = (s: EtsSpec) => `ETS(${s.error},${s.trend},${s.season})`;

type Params = { alpha: number; beta: number; gamma: number; phi: number; l0: number; b0: number };

/**
 * Runs the recursions from the initial states; returns −2 log L up to a constant
 * (n·log SSE, plus 2Σlog|ŷ| for multiplicative errors), or null where ŷ breaks down.
 */
function filter(
  y: ArrayLike<number>,
  spec: EtsSpec,
  m: number,
  p: Params,
  s: Float64Array,
  fitted?: number[],
): { lik: number; sse: number; level: number; slope: number } | null {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const addS = spec.season === 'A';
  const mulS = spec.season === 'M';
  const mulE = spec.error === 'M';
  let l = p.l0;
  let b = hasTrend ? p.b0 : 0;
  let sse = 0;
  let logSum = 0;
  for (let t = 0; t < n; t++) {
    const k = t % m;
    const q = hasTrend ? l + phi * b : l;
    const sv = addS || mulS ? s[k] : 0;
    const yhat = addS ? q + sv : mulS ? q * sv : q;
    if (fitted) fitted[t] = yhat;
    if (mulE || mulS) {
      if (!(yhat > 1e-10) || (mulS && !(q > 1e-10))) return null;
    }
    const yt = y[t];
    let e = yt - yhat;
    if (mulE) {
      e /= yhat;
      logSum += Math.log(Math.abs(yhat));
    }
    sse += e * e;
    const pAdj = addS ? yt - sv : mulS ? yt / sv : yt;
    const lNew = q + p.alpha * (pAdj - q);
    if (hasTrend) b = phi * b + (p.beta / p.alpha) * (lNew - l - phi * b);
    if (addS) s[k] = sv + p.gamma * (yt - q - sv);
    else if (mulS) s[k] = sv + p.gamma * (yt / q - sv);
    l = lNew;
  }
  return { lik: n * Math.log(sse) + (mulE ? 2 * logSum : 0), sse, level: l, slope: b };
}

/** Number of estimated parameters in AICc: smoothing ones, initial states, and σ. */
function parameterCount(spec: EtsSpec, m: number): number {
  const smoothing = 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? 1 : 0) + (spec.trend === 'Ad' ? 1 : 0);
  const states = 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? m - 1 : 0);
  return smoothing + states + 1;
}

/** Starting states as R's initstate: decomposed season, then OLS on the first max(10, 2m) points. */
function initialStates(y: number[], spec: EtsSpec, m: number): { l0: number; b0: number; s0: Float64Array } | null {
  let s0 = new Float64Array(Math.max(m, 1));
  let adj = y;
  if (spec.season !== 'N') {
    const d = classicalDecomposition(y, m, spec.season === 'M' ? 'multiplicative' : 'additive');
    if (spec.season === 'M' && d.indices.some((v) => !(v >= 0.01))) return null;
    s0 = Float64Array.from(d.indices);
    adj = y.map((v, t) => (spec.season === 'M' ? v / d.indices[t % m] : v - d.indices[t % m]));
  }
  const k = Math.min(adj.length, Math.max(10, 2 * m));
  const head = adj.slice(0, k);
  if (spec.trend === 'N') return { l0: head.reduce((a, v) => a + v, 0) / k, b0: 0, s0 };
  // Regression on t = 1..k, so the intercept is the level at t = 0.
  const tm = (k + 1) / 2;
  const ym = head.reduce((a, v) => a + v, 0) / k;
  let sxy = 0;
  let sxx = 0;
  head.forEach((v, i) => {
    sxy += (i + 1 - tm) * (v - ym);
    sxx += (i + 1 - tm) ** 2;
  });
  const b0 = sxx > 0 ? sxy / sxx : 0;
  return { l0: ym - b0 * tm, b0, s0 };
}

/** Fits one ETS model; null when it cannot be fitted to these data. */
export function fitEts(y: number[], spec: EtsSpec, m = 1): EtsFit | null {
  const n = y.length;
  const seasonal = spec.season !== 'N';
  if (seasonal && (m <= 1 || n < 2 * m)) return null;
  if ((spec.error === 'M' || spec.season === 'M') && y.some((v) => !(v > 0))) return null;
  const k = parameterCount(spec, m);
  if (n <= k + 1) return null;
  const init = initialStates(y, spec, m);
  if (!init) return null;
  const period = seasonal ? m : 1;

  const hasB = spec.trend !== 'N';
  const hasG = seasonal;
  const hasPhi = spec.trend === 'Ad';
  const alpha0 = LOWER.alpha + (0.2 * (UPPER.alpha - LOWER.alpha)) / period;
  const x0 = [alpha0];
  const lower = [LOWER.alpha];
  const upper = [UPPER.alpha];
  const step = [0.1];
  if (hasB) x0.push(LOWER.beta + 0.1 * (alpha0 - LOWER.beta)), lower.push(LOWER.beta), upper.push(UPPER.beta), step.push(0.05);
  if (hasG) x0.push(LOWER.gamma + 0.05 * (1 - alpha0 - LOWER.gamma)), lower.push(LOWER.gamma), upper.push(UPPER.gamma), step.push(0.05);
  if (hasPhi) x0.push(LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi)), lower.push(LOWER.phi), upper.push(UPPER.phi), step.push(0.05);
  const scale = spread(y);
  x0.push(init.l0), lower.push(-Infinity), upper.push(Infinity), step.push(Math.max(0.1 * Math.abs(init.l0), 0.1 * scale, 1e-6));
  if (hasB) x0.push(init.b0), lower.push(-Infinity), upper.push(Infinity), step.push(Math.max(0.1 * Math.abs(init.b0), 0.01 * scale, 1e-8));

  const unpack = (x: ArrayLike<number>): Params => {
    let i = 0;
    const alpha = x[i++];
    const beta = hasB ? x[i++] : 0;
    const gamma = hasG ? x[i++] : 0;
    const phi = hasPhi ? x[i++] : 1;
    return { alpha, beta, gamma, phi, l0: x[i++], b0: hasB ? x[i++] : 0 };
  };
  const s = new Float64Array(init.s0.length);
  const roots = { re: new Float64Array(0), im: new Float64Array(0) };
  const objective = (x: Float64Array, cutoff: number) => {
    const p = unpack(x);
    // The usual region (β ≤ α, γ ≤ 1 − α) and, inside it, admissibility: R's bounds = "both".
    if (hasB && p.beta > p.alpha) return Infinity;
    if (hasG && p.gamma > 1 - p.alpha) return Infinity;
    s.set(init.s0);
    const r = filter(y, spec, period, p, s);
    if (!r) return Infinity;
    // The root test costs more than the filter; a point the optimiser will reject anyway skips it.
    if (r.lik >= cutoff) return r.lik;
    return admissible(p.alpha, hasB ? p.beta : null, hasG ? p.gamma : null, hasPhi ? p.phi : null, period, roots) ? r.lik : Infinity;
  };
  const best = nelderMead(objective, x0, { lower, upper, step, maxEvals: 150 * x0.length, tol: 1e-9, stdTol: 1e-4 });
  if (!Number.isFinite(best.value)) return null;
  const p = unpack(best.x);
  const fitted: number[] = new Array(n);
  s.set(init.s0);
  const r = filter(y, spec, period, p, s, fitted);
  if (!r) return null;
  return {
    spec,
    m: period,
    alpha: p.alpha,
    beta: p.beta,
    gamma: p.gamma,
    phi: p.phi,
    lik: r.lik,
    aicc: r.lik + 2 * k + (2 * k * (k + 1)) / (n - k - 1),
    sigma2: r.sse / Math.max(1, n - (k - 1)),
    fitted,
    level: r.level,
    slope: r.slope,
    seasons: s,
    n,
  };
}

function spread(y: number[]): number {
  const mean = y.reduce((a, v) => a + v, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / y.length);
  return sd > 0 ? sd : Math.abs(mean) || 1;
}

/** The model space, with R's restrictions; multiplicative trend is left out, as by default there. */
export function etsCandidates(y: number[], m: number): EtsSpec[] {
  const positive = y.every((v) => v > 0);
  const seasons: EtsSpec['season'][] = m > 1 && y.length >= 2 * m ? ['N', 'A', 'M'] : ['N'];
  const out: EtsSpec[] = [];
  for (const error of ['A', 'M'] as const) {
    if (error === 'M' && !positive) continue;
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of seasons) {
        if (season === 'M' && (!positive || error === 'A')) continue;
        out.push({ error, trend, season });
      }
    }
  }
  return out;
}

/** AutoETS: every candidate fitted, the lowest AICc kept. */
export function autoEts(y: number[], m = 1, specs = etsCandidates(y, m)): EtsFit | null {
  let best: EtsFit | null = null;
  for (const spec of specs) {
    const fit = fitEts(y, spec, m);
    if (fit && Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc)) best = fit;
  }
  return best;
}

/** Point forecasts: the conditional mean for classes 1–2, the usual approximation for class 3. */
export function etsPoint(fit: EtsFit, h: number): number[] {
  const { spec } = fit;
  const phi = spec.trend === 'Ad' ? fit.phi : 1;
  const out: number[] = [];
  let damp = 0;
  for (let j = 1; j <= h; j++) {
    damp += spec.trend === 'N' ? 0 : phi ** j;
    const q = fit.level + damp * fit.slope;
    const sv = fit.seasons[(fit.n + j - 1) % fit.m];
    out.push(spec.season === 'A' ? q + sv : spec.season === 'M' ? q * sv : q);
  }
  return out;
}

/** c_j of Hyndman et al. (2008) §6: how much of a shock j steps back is still in the forecast. */
function cj(fit: EtsFit, j: number): number {
  const { spec } = fit;
  let c = fit.alpha;
  if (spec.trend === 'A') c += fit.beta * j;
  if (spec.trend === 'Ad') {
    let d = 0;
    for (let i = 1; i <= j; i++) d += fit.phi ** i;
    c += fit.beta * d;
  }
  if (spec.season !== 'N' && j % fit.m === 0) c += fit.gamma;
  return c;
}

/**
 * Forecasts with intervals: closed form for class 1 (all additive) and class 2 (multiplicative
 * error, no multiplicative season); simulated sample paths for the multiplicative-season models.
 */
export function etsForecast(fit: EtsFit, h: number, level: number, seed = 1): Interval {
  const mean = etsPoint(fit, h);
  if (fit.spec.season === 'M') return simulate(fit, h, level, mean, seed);
  const z = zForLevel(level);
  const c = Array.from({ length: h }, (_, j) => cj(fit, j + 1));
  const variance: number[] = [];
  if (fit.spec.error === 'A') {
    let acc = 0;
    for (let j = 0; j < h; j++) {
      variance.push(fit.sigma2 * (1 + acc));
      acc += c[j] ** 2;
    }
  } else {
    const theta: number[] = [];
    for (let j = 0; j < h; j++) {
      let t = mean[j] ** 2;
      for (let i = 0; i < j; i++) t += fit.sigma2 * c[i] ** 2 * theta[j - 1 - i];
      theta.push(t);
      variance.push((1 + fit.sigma2) * t - mean[j] ** 2);
    }
  }
  const sd = variance.map((v) => Math.sqrt(Math.max(v, 0)));
  return { mean, lower: mean.map((v, j) => v - z * sd[j]), upper: mean.map((v, j) => v + z * sd[j]) };
}

const PATHS = 1000;

function simulate(fit: EtsFit, h: number, level: number, mean: number[], seed: number): Interval {
  const draw = normalSampler(seededRandom(seed));
  const sigma = Math.sqrt(fit.sigma2);
  const { spec } = fit;
  const phi = spec.trend === 'Ad' ? fit.phi : 1;
  const paths = Array.from({ length: h }, () => new Float64Array(PATHS));
  const s = new Float64Array(fit.m);
  for (let p = 0; p < PATHS; p++) {
    let l = fit.level;
    let b = fit.slope;
    s.set(fit.seasons);
    for (let j = 0; j < h; j++) {
      const k = (fit.n + j) % fit.m;
      const q = spec.trend === 'N' ? l : l + phi * b;
      const sv = s[k];
      const yhat = q * sv;
      const e = sigma * draw();
      const y = spec.error === 'M' ? yhat * (1 + e) : yhat + e;
      paths[j][p] = y;
      const lNew = q + fit.alpha * (y / sv - q);
      if (spec.trend !== 'N') b = phi * b + (fit.beta / fit.alpha) * (lNew - l - phi * b);
      if (q > 0) s[k] = sv + fit.gamma * (y / q - sv);
      l = lNew;
    }
  }
  const lo = (100 - level) / 200;
  const lower: number[] = [];
  const upper: number[] = [];
  for (const col of paths) {
    col.sort();
    lower.push(quantileSorted(col, lo));
    upper.push(quantileSorted(col, 1 - lo));
  }
  return { mean, lower, upper };
}
