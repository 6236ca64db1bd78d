/**
 * The M4 benchmarks (Naive, sNaive, Naive2, SES, Holt, Damped, Theta, Comb), as
 * `Benchmarks and Evaluation.R` defines them: seasonal ones are fitted on the series
 * seasonally adjusted by the 90% ACF test and classical multiplicative decomposition.
 */
import { etsForecast, fitEts, type EtsSpec } from './ets';
import { zForLevel } from './normal';
import { adjusted } from './theta';
import type { Interval } from './types';

function band(mean: number[], sd: number[], level: number): Interval {
  const z = zForLevel(level);
  return { mean, lower: mean.map((v, j) => v - z * sd[j]), upper: mean.map((v, j) => v + z * sd[j]) };
}

function rms(values: number[]): number {
  return values.length ? Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length) : 0;
}

/** Last value carried forward; variance grows with h as for a random walk. */
export function naive(y: number[], h: number, level: number): Interval {
  const last = y[y.length - 1];
  const sigma = rms(y.slice(1).map((v, i) => v - y[i]));
  return band(new Array(h).fill(last), Array.from({ length: h }, (_, j) => sigma * Math.sqrt(j + 1)), level);
}

/** The value one season back; variance grows with the number of whole seasons ahead. */
export function seasonalNaive(y: number[], m: number, h: number, level: number): Interval {
  if (m <= 1 || y.length < m) return naive(y, h, level);
  const n = y.length;
  const sigma = rms(y.slice(m).map((v, i) => v - y[i]));
  const mean = Array.from({ length: h }, (_, j) => y[n - m + (j % m)]);
  return band(mean, Array.from({ length: h }, (_, j) => sigma * Math.sqrt(Math.floor(j / m) + 1)), level);
}

/** The mean of the history: the fallback for two or three points. */
export function meanForecast(y: number[], h: number, level: number): Interval {
  const mu = y.reduce((a, v) => a + v, 0) / y.length;
  const sd = y.length > 1 ? Math.sqrt(y.reduce((a, v) => a + (v - mu) ** 2, 0) / (y.length - 1)) : 0;
  return band(new Array(h).fill(mu), new Array(h).fill(sd * Math.sqrt(1 + 1 / y.length)), level);
}

export const naive2 = (y: number[], m: number, h: number, level: number) => adjusted(y, m, h, (a) => naive(a, h, level));

function additiveEts(spec: EtsSpec['trend']) {
  return (y: number[], m: number, h: number, level: number): Interval =>
    adjusted(y, m, h, (a) => {
      const fit = fitEts(a, { error: 'A', trend: spec, season: 'N' });
      return fit ? etsForecast(fit, h, level) : naive(a, h, level);
    });
}
export const ses = additiveEts('N');
export const holt = additiveEts('A');
export const damped = additiveEts('Ad');

/**
 * Standard Theta as in M3/M4: the mean of the θ = 0 line (linear regression) extrapolated and
 * SES on the θ = 2 line, negatives clipped at 0. The band is SES's on the adjusted data, as
 * R's thetaf does, centred on the Theta forecast.
 */
export function thetaClassic(y: number[], m: number, h: number, level: number): Interval {
  return adjusted(y, m, h, (a) => {
    const n = a.length;
    const tm = (n + 1) / 2;
    const am = a.reduce((s, v) => s + v, 0) / n;
    let sxy = 0;
    let sxx = 0;
    a.forEach((v, i) => {
      sxy += (i + 1 - tm) * (v - am);
      sxx += (i + 1 - tm) ** 2;
    });
    const slope = sxx > 0 ? sxy / sxx : 0;
    const line = (t: number) => am + slope * (t - tm);
    const theta2 = a.map((v, i) => 2 * v - line(i + 1));
    const fit = fitEts(theta2, { error: 'A', trend: 'N', season: 'N' });
    const sesLevel = fit ? fit.level : theta2[n - 1];
    const mean = Array.from({ length: h }, (_, j) => Math.max(0, 0.5 * sesLevel + 0.5 * line(n + j + 1)));
    const sesOnData = fitEts(a, { error: 'A', trend: 'N', season: 'N' });
    const width = sesOnData ? etsForecast(sesOnData, h, level) : naive(a, h, level);
    return {
      mean,
      lower: mean.map((v, j) => v - (width.mean[j] - width.lower[j])),
      upper: mean.map((v, j) => v + (width.upper[j] - width.mean[j])),
    };
  });
}

/** The mean of several forecasts, bounds averaged the same way (M4's Comb, Fiorucci, SCUM). */
export function averageOf(parts: Interval[]): Interval {
  const h = parts[0].mean.length;
  const avg = (k: keyof Interval) => Array.from({ length: h }, (_, j) => parts.reduce((a, p) => a + p[k][j], 0) / parts.length);
  return { mean: avg('mean'), lower: avg('lower'), upper: avg('upper') };
}

/** The median of several forecasts, per step and per bound (SCUM). */
export function medianOf(parts: Interval[]): Interval {
  const h = parts[0].mean.length;
  const med = (k: keyof Interval) =>
    Array.from({ length: h }, (_, j) => {
      const v = parts.map((p) => p[k][j]).sort((a, b) => a - b);
      const mid = v.length >> 1;
      return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    });
  return { mean: med('mean'), lower: med('lower'), upper: med('upper') };
}

/**
 * The envelope of several intervals (Gaba, Tsetlin & Winkler 2017, "Combining interval
 * forecasts"): the lowest lower and the highest upper bound, per step. Each member's band
 * knows only its own model's noise; the envelope also covers not knowing which model is right.
 */
export function envelopeOf(parts: Interval[]): Pick<Interval, 'lower' | 'upper'> {
  const h = parts[0].mean.length;
  return {
    lower: Array.from({ length: h }, (_, j) => Math.min(...parts.map((p) => p.lower[j]))),
    upper: Array.from({ length: h }, (_, j) => Math.max(...parts.map((p) => p.upper[j]))),
  };
}

export const comb = (y: number[], m: number, h: number, level: number) =>
  averageOf([ses(y, m, h, level), holt(y, m, h, level), damped(y, m, h, level)]);
