import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFonts } from '../testing/describe-with';
import { buildChart } from '../../tools/make-chart/spec';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { table } from '../../tools/make-chart/testing/tables';
import { PALETTE } from '../../tools/make-chart/format';
import { renderChartPng, renderChartSvg } from './render';
import { inkStats, pngSize } from './testing/png';

function spec(t: ReturnType<(typeof FIXTURES)['sp500']>, options = {}) {
  const r = buildChart(t, options);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
}

mkdirSync('test-output', { recursive: true });

describeWithFonts('renderChartPng', () => {
  it.each([
    ['sp500 line', () => spec(FIXTURES.sp500()), 800, 400, 1],
    ['stocks lines', () => spec(FIXTURES.stocks()), 640, 360, 1],
    ['amazon bars', () => spec(FIXTURES.amazonCategories()), 600, 900, 1],
    ['weather donut', () => spec(FIXTURES.weatherDays('Share of days by weather')), 500, 300, 2],
    ['tips scatter', () => spec(FIXTURES.tips()), 700, 500, 1],
    ['revenue KPI', () => spec(FIXTURES.revenueTwoMonths()), 400, 200, 2],
    ['iowa stacked area', () => spec(FIXTURES.iowa(), { color: 'source', stack: true }), 720, 360, 1],
  ])('%s: exactly the asked size and not blank', async (name, make, width, height, scale) => {
    const png = await renderChartPng(make(), { width, height, scale });
    writeFileSync(`test-output/render-${name.replace(/\s+/g, '-')}.png`, png);
    expect(pngSize(png)).toEqual({ width: width * scale, height: height * scale });
    const ink = inkStats(png);
    expect(ink.inkShare).toBeGreaterThan(0.005);
    expect(ink.colours).toBeGreaterThan(8);
  });

  it('draws text (the fonts are found): a title alone puts ink on the image', async () => {
    const titleOnly = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ t: 'Quarterly revenue' }] }, mark: { type: 'text', fontSize: 40 }, encoding: { text: { field: 't', type: 'nominal' } } };
    const png = await renderChartPng(titleOnly, { width: 500, height: 120 });
    expect(inkStats(png).inkShare).toBeGreaterThan(0.01);
  });

  it('draws bars in the palette colour', async () => {
    const png = await renderChartPng(spec(FIXTURES.weatherDays()), { width: 400, height: 300 });
    const { pixels } = (await import('./testing/png')).decodePng(png);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(PALETTE[0].slice(i, i + 2), 16));
    let hits = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] === r && pixels[i + 1] === g && pixels[i + 2] === b) hits++;
    expect(hits).toBeGreaterThan(1000);
  });
});

describe('renderChartSvg', () => {
  it('has one mark per bar and the axis labels as text', async () => {
    const t = table([{ name: 'product', kind: 'string' }, { name: 'units', kind: 'integer' }], Array.from({ length: 50 }, (_, i) => [`P${i}`, (i * 37) % 101]), 'Units by product');
    const svg = await renderChartSvg(spec(t), { width: 800, height: 1000 });
    const bars = /<g class="mark-rect role-mark marks"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(bars.match(/<path/g)).toHaveLength(50);
    expect(svg).toContain('>P17<');
    expect(svg).toContain('>Units by product<');
    expect(svg).toMatch(/^<svg[^>]*width="800"[^>]*height="1000"/);
  });

  it('has the line and the points of a line chart, with thousands separators on the axis', async () => {
    const t = table([{ name: 'month', kind: 'date' }, { name: 'revenue', kind: 'number', unit: 'currency', currency: 'EUR' }], Array.from({ length: 12 }, (_, i) => [`2024-${String(i + 1).padStart(2, '0')}-01`, 120_000 + i * 15_500]), 'Revenue by month in 2024');
    const svg = await renderChartSvg(spec(t));
    expect(svg).toContain('mark-line');
    expect(svg).toContain('mark-symbol');
    expect(svg).toMatch(/>€\d{3},000</);
    expect(svg).toContain('>Jan 2024<');
  });

  it('refuses a spec that would make the server fetch data', async () => {
    const bad = { data: { url: 'http://127.0.0.1:1/secret.csv' }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' } } };
    await expect(renderChartSvg(bad)).rejects.toThrow(/may only use inlined data/);
  });
});
