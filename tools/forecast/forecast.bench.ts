import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { isMethodName, type MethodName } from './methods';
import { FORECAST_DATA_DIR, loadM3, M3_PERIODS, validationSplit, type M3Period } from './testing/datasets';
import { summarise, type SeriesScore } from './testing/m3-eval';

// Workers do not inherit tsx's loader on Node 20, so each one registers it before loading the .ts half.
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./forecast-bench-worker.ts', import.meta.url).href)}); })`;

/**
 * All 3,003 M3 series, per period, scored for the default method beside the published
 * Theta / ETS / ARIMA / ETS-ARIMA-Theta mean (PUBLISHED_RESULTS.md, Hyndman 2018), with 95%
 * coverage, MSIS and the wall time, across two worker threads (the machine has two cores).
 * While iterating: FORECAST_BENCH_METHOD picks another method, FORECAST_BENCH_SAMPLE=k scores
 * every k-th series, FORECAST_BENCH_PERIOD=MONTHLY one period, and FORECAST_BENCH_SPLIT=validation
 * scores each series' last h training points from the rest (the M3 test part is never read), so
 * design choices can be made without looking at the horizons the figures are reported on.
 */
export async function benchForecast(opts: { method?: MethodName; workers?: number; sample?: number; period?: M3Period; split?: 'test' | 'validation' } = {}) {
  const env = process.env;
  const method = opts.method ?? (env.FORECAST_BENCH_METHOD && isMethodName(env.FORECAST_BENCH_METHOD) ? env.FORECAST_BENCH_METHOD : 'combination');
  const sample = opts.sample ?? Number(env.FORECAST_BENCH_SAMPLE ?? 1);
  const onlyPeriod = opts.period ?? (M3_PERIODS.find((p) => p === env.FORECAST_BENCH_PERIOD?.toUpperCase()) || undefined);
  const split = opts.split ?? (env.FORECAST_BENCH_SPLIT === 'validation' ? 'validation' : 'test');
  const workers = opts.workers ?? 2;
  const all = loadM3()
    .filter((s) => !onlyPeriod || s.period === onlyPeriod)
    .filter((_, i) => i % sample === 0)
    .map((s) => (split === 'validation' ? validationSplit(s) : s));
  const t0 = performance.now();
  // Workers take the next series off a shared counter, so neither waits while the other still has a queue.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const results = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<SeriesScore[]>((resolve, reject) => {
          const w = new Worker(WORKER_BOOT, { eval: true, workerData: { series: all, method, next } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const scores = results.flat();
  const published = readPublished();

  const what = [sample > 1 ? `every ${sample}th` : '', split === 'validation' ? 'VALIDATION split: last h of each training part, published figures do not apply' : ''].filter(Boolean);
  process.stdout.write(`\n## forecast: M3, method ${method}, ${scores.length} series${what.length ? ` (${what.join('; ')})` : ''}\n`);
  process.stdout.write('  period     n     sMAPE  Theta  ETS    ARIMA  EAT    ratio/Theta   MASE   Theta  ratio   cover95  MSIS\n');
  for (const period of M3_PERIODS) {
    const of = scores.filter((x) => x.period === period);
    if (!of.length) continue;
    const s = summarise(of);
    const p = published[period];
    const f = (v: number | undefined, d = 2) => (v === undefined ? '  -  ' : v.toFixed(d));
    process.stdout.write(
      `  ${period.padEnd(9)} ${String(s.count).padStart(5)}  ${f(s.smape).padStart(6)} ${f(p?.T.smape)}  ${f(p?.E.smape)}  ${f(p?.A.smape)}  ${f(p?.EAT.smape)}  ${f(p ? s.smape / p.T.smape : undefined, 3).padStart(9)}    ${f(s.mase, 3)}  ${f(p?.T.mase, 3)}  ${f(p ? s.mase / p.T.mase : undefined, 3)}   ${(100 * s.coverage).toFixed(1).padStart(5)}%  ${f(s.msis)}\n`,
    );
  }
  const total = summarise(scores);
  process.stdout.write(`  all       ${String(total.count).padStart(5)}  ${total.smape.toFixed(2).padStart(6)}   (published Theta 12.76 / MASE 1.39 on all 3,003)   MASE ${total.mase.toFixed(3)}  cover95 ${(100 * total.coverage).toFixed(1)}%  MSIS ${total.msis.toFixed(2)}\n`);
  process.stdout.write(`  time      ${seconds.toFixed(1)} s on ${workers} worker threads\n`);
}

type Published = Record<string, Record<'T' | 'E' | 'A' | 'N' | 'EAT', { smape: number; mase: number }>>;

/** Reads Hyndman's 2018 per-period table out of PUBLISHED_RESULTS.md, so the figures are not retyped here. */
function readPublished(): Partial<Published> {
  const text = readFileSync(`${FORECAST_DATA_DIR}PUBLISHED_RESULTS.md`, 'utf8');
  const out: Partial<Published> = {};
  for (const line of text.split('\n')) {
    const head = /^(Monthly|Quarterly|Yearly|Other)\(\d+\):\s*(.*)$/.exec(line);
    if (!head) continue;
    const row = {} as Published[string];
    for (const [, name, sm, ma] of head[2].matchAll(/(EAT|T|E|A|N) ([\d.]+)\/([\d.]+)/g)) row[name as 'T'] = { smape: Number(sm), mase: Number(ma) };
    out[head[1].toUpperCase()] = row;
  }
  return out;
}
