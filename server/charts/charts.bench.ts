import { performance } from 'node:perf_hooks';
import { buildChart } from '../../tools/make-chart/spec';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { csv, table } from '../../tools/make-chart/testing/tables';
import { fmt, percentile, report } from '../bench/stats';
import { renderChartPng, renderChartSvg } from './render';

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Server-side PNG rendering (Vega headless view → SVG → resvg) of a 1,000-point line chart and a 50-bar chart. */
export async function benchCharts(opts: { runs?: number } = {}) {
  const runs = opts.runs ?? 30;
  const w = csv('vega-datasets/seattle-weather.csv');
  const line = table([{ name: 'date', kind: 'date' }, { name: 'temp_max', kind: 'number' }], w.rows.slice(0, 1000).map((r) => [r[0], Number(r[2])]), 'Daily high temperature');
  const bars = FIXTURES.amazonCategories();
  const cases = [
    ['1,000-point line chart', buildChart(line)],
    ['50-bar chart', buildChart(bars, { top: 50 })],
  ] as const;
  for (const [name, built] of cases) {
    if (!built.ok) throw new Error(built.error);
    const png = await time(runs, () => renderChartPng(built.spec, { width: 800, height: 450 }));
    const png2x = await time(runs, () => renderChartPng(built.spec, { width: 800, height: 450, scale: 2 }));
    const svg = await time(runs, () => renderChartSvg(built.spec, { width: 800, height: 450 }));
    report(`Charts: server-side PNG of a ${name} (${built.points} marks, 800×450)`, [
      ['runs', String(runs)],
      ['PNG p50', `${fmt(percentile(png, 50))} ms`],
      ['PNG p95', `${fmt(percentile(png, 95))} ms`],
      ['PNG at scale 2 p50', `${fmt(percentile(png2x, 50))} ms`],
      ['of which SVG (Vega) p50', `${fmt(percentile(svg, 50))} ms`],
    ]);
  }
}
