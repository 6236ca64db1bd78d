/** Readers for the forecasting data copied into evals/datasets/forecast (tests and bench only). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FORECAST_DATA_DIR = fileURLToPath(new URL('../../../evals/datasets/forecast/', import.meta.url));

export type M3Period = 'YEARLY' | 'QUARTERLY' | 'MONTHLY' | 'OTHER';
export const M3_PERIODS: M3Period[] = ['YEARLY', 'QUARTERLY', 'MONTHLY', 'OTHER'];
export type M3Series = { id: string; period: M3Period; frequency: number; horizon: number; train: number[]; test: number[] };

function lines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

/** A classic R series (AirPassengers, USAccDeaths) as plain numbers. */
export function loadClassic(name: 'AirPassengers' | 'USAccDeaths'): number[] {
  return lines(`${FORECAST_DATA_DIR}classics/${name}.R-datasets.csv`).map((c) => Number(c[1]));
}

function byId(path: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [id, t, v] of lines(path)) {
    let s = out.get(id);
    if (!s) out.set(id, (s = []));
    s[Number(t) - 1] = Number(v);
  }
  return out;
}

/** All 3,003 M3 series with their hold-out, in file order. */
export function loadM3(): M3Series[] {
  // The description column holds commas inside quotes; only the first six columns are read.
  const info = lines(`${FORECAST_DATA_DIR}m3/m3_series_info.csv`);
  const train = byId(`${FORECAST_DATA_DIR}m3/m3_train_long.csv`);
  const test = byId(`${FORECAST_DATA_DIR}m3/m3_test_long.csv`);
  return info.map(([id, period, , frequency, , h]) => ({
    id,
    period: period as M3Period,
    frequency: Number(frequency),
    horizon: Number(h),
    train: train.get(id)!,
    test: test.get(id)!,
  }));
}

/** Every k-th series of a period: a fixed, spread-out sample for tests. */
export function sampleM3(all: M3Series[], period: M3Period, count: number): M3Series[] {
  const of = all.filter((s) => s.period === period);
  const step = of.length / count;
  return Array.from({ length: count }, (_, i) => of[Math.floor(i * step)]);
}

/**
 * The series with its M3 test part dropped and its last h training points held out instead:
 * for choosing between designs without looking at the horizons the benchmark reports.
 */
export function validationSplit(s: M3Series): M3Series {
  const cut = s.train.length - s.horizon;
  return { ...s, train: s.train.slice(0, cut), test: s.train.slice(cut) };
}
