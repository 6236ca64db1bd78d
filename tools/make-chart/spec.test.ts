import * as vl from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChartOptions, TableArtifactData } from '../artifacts';
import { OTHER_COLOR, OTHER_LABEL, PALETTE } from './format';
import { buildChart } from './spec';
import { FIXTURES, type FixtureName } from './testing/fixtures';
import { createSpecValidator } from './validate';

const validator = createSpecValidator();
type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function built(t: TableArtifactData, options: ChartOptions = {}) {
  const r = buildChart(t, options);
  if (!r.ok) throw new Error(r.error);
  return r as typeof r & { spec: Spec };
}

const VARIANTS: ChartOptions[] = [{}, { chartType: 'bar' }, { chartType: 'line' }, { chartType: 'area', stack: true }, { logScale: true }, { top: 3 }, { chartType: 'kpi' }, { chartType: 'donut' }, { chartType: 'scatter' }];
const CHARTABLE = (Object.keys(FIXTURES) as FixtureName[]).filter((n) => !['namesOnly', 'numbersOnly', 'empty'].includes(n));

describe('every produced spec is valid Vega-Lite v6', () => {
  beforeAll(() => void validator.check({}), 60_000); // compile the schema once, outside the cases
  const cases = CHARTABLE.flatMap((name) => VARIANTS.map((options) => ({ name, options, label: `${name} ${JSON.stringify(options)}` })));
  it.each(cases)('$label', ({ name, options }) => {
    const r = buildChart((FIXTURES[name] as () => TableArtifactData)(), options);
    if (!r.ok) {
      // A forced type that cannot fit says why; nothing else may fail.
      expect(Object.keys(options).length).toBeGreaterThan(0);
      expect(r.error).toMatch(/needs|negative|no rows|nothing/);
      return;
    }
    expect(validator.check(r.spec)).toEqual({ ok: true });
    expect((r.spec.data as { values: unknown[] }).values.length).toBeGreaterThan(0);
    // It also compiles to Vega, which is what every renderer runs.
    expect(() => vl.compile(r.spec as never)).not.toThrow();
  });
});

describe('formatting people expect', () => {
  it('money gets the currency symbol and thousands separators, and the axis names the currency', () => {
    const { spec } = built(FIXTURES.revenueByProductLine());
    const value = spec.encoding.x ?? spec.encoding.y;
    expect(spec.config.locale.number.currency[0]).toBe('MMK');
    expect(spec.config.locale.number.thousands).toBe(',');
    expect(spec.encoding.x.axis.format).toMatch(/^\$,/);
    expect(value.title).toBeDefined();
    expect(spec.encoding.x.title).toBe('Revenue (MMK)');
    expect(spec.encoding.tooltip.at(-1).format).toBe('$,.0f');
  });

  it('US dollars with cents for prices under a thousand', () => {
    const { spec } = built(FIXTURES.stocks());
    expect(spec.config.locale.number.currency[0]).toBe('$');
    expect(spec.encoding.tooltip.at(-1).format).toBe('$,.2f');
  });

  it.each([
    ['weatherByMonth', 'utcyearmonth', '%b %Y'],
    ['iowa', 'utcyear', '%Y'],
    ['walmartOpenings', 'utcyear', '%Y'],
    ['githubHourly', 'utcyearmonthdatehours', '%d %b %H:%M'],
    ['stocks', 'utcyearmonth', '%b %Y'],
  ] as const)('%s: dates at the right grain (%s, "%s")', (name, timeUnit, format) => {
    const { spec } = built((FIXTURES[name] as () => TableArtifactData)());
    expect(spec.encoding.x.timeUnit).toBe(timeUnit);
    expect(spec.encoding.x.axis.format).toBe(format);
  });

  it('titles come from the question, axis labels from the column', () => {
    const { spec } = built(FIXTURES.weatherByMonth());
    expect(spec.title.text).toBe('What was the average high temperature by month');
    expect(spec.encoding.y.title).toBe('Avg temp max');
    expect(built({ ...FIXTURES.weatherByMonth(), question: 'show me the temperature by month?' }).spec.title.text).toBe('The temperature by month');
  });

  it('uses the colour-blind-safe palette', () => {
    expect(built(FIXTURES.stocks()).spec.config.range.category).toEqual(PALETTE);
  });

  it('more than 12 series: the 11 largest and "Other" in grey', () => {
    const { spec, notes } = built(FIXTURES.walmartOpenings());
    const series = new Set(spec.data.values.map((v: Spec) => v.state));
    expect(series.size).toBe(12);
    expect(series.has(OTHER_LABEL)).toBe(true);
    expect(spec.encoding.color.scale.domain.at(-1)).toBe(OTHER_LABEL);
    expect(spec.encoding.color.scale.range.at(-1)).toBe(OTHER_COLOR);
    expect(notes.join(' ')).toMatch(/11 largest shown; \d+ more grouped as Other/);
    // Grouping keeps the totals.
    const total = (vs: Spec[]) => vs.reduce((s, v) => s + v.stores_opened, 0);
    expect(total(spec.data.values)).toBe(FIXTURES.walmartOpenings().rows.reduce((s, r) => s + (r[2] as number), 0));
  });

  it('bars with many long names lie down, largest first', () => {
    const { spec } = built(FIXTURES.amazonCategories());
    expect(spec.encoding.y.field).toBe('category');
    expect(spec.encoding.y.sort).toBe('-x');
  });

  it('time series zoom and pan along x', () => {
    expect(built(FIXTURES.sp500()).spec.params).toEqual([{ name: 'zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }]);
  });

  it('a KPI shows the change against the previous period', () => {
    const { spec, chartType } = built(FIXTURES.revenueTwoMonths());
    expect(chartType).toBe('kpi');
    const [v] = spec.data.values;
    expect(v.changeText).toMatch(/^[▲▼] \d+\.\d% vs [A-Z][a-z]{2} 2019$/);
    expect(v.change).toBeCloseTo((v.value - v.previous) / Math.abs(v.previous), 6);
  });
});

describe('change requests', () => {
  it('"top 10" keeps the 10 largest categories', () => {
    const t = FIXTURES.amazonCategories();
    const { spec, notes } = built(t, { top: 10 });
    const kept = spec.data.values.map((v: Spec) => v.purchases).sort((a: number, b: number) => b - a);
    const all = t.rows.map((r) => r[1] as number).sort((a, b) => b - a);
    expect(kept).toEqual(all.slice(0, 10));
    expect(notes[0]).toBe(`Top 10 of ${t.rows.length}`);
  });

  it('"only 2013" keeps that year', () => {
    const { spec } = built(FIXTURES.weatherByMonth(), { only: '2013' });
    expect(spec.data.values).toHaveLength(12);
    expect(spec.data.values.every((v: Spec) => String(v.month).startsWith('2013-'))).toBe(true);
    expect(spec.title.subtitle).toContain('Only 2013');
  });

  it('"only 2030" says which years there are', () => {
    expect(buildChart(FIXTURES.weatherByMonth(), { only: '2030' })).toEqual({ ok: false, error: 'no rows fall in 2030; the table\'s dates run from 2012 to 2015' });
  });

  it('"only Rain" keeps one category value', () => {
    const t = FIXTURES.weatherDays();
    const { spec } = built(t, { only: 'Rain' });
    expect(spec.data.values).toEqual([{ weather: 'rain', days: t.rows.find((r) => r[0] === 'rain')![1] }]);
  });

  it('"log scale" uses a log axis, symlog when there are zeros', () => {
    expect(built(FIXTURES.stocks(), { logScale: true }).spec.encoding.y.scale).toEqual({ type: 'log' });
    expect(built(FIXTURES.githubHourly(), { logScale: true }).spec.encoding.y.scale.type).toMatch(/log/);
  });

  it('"stack by source" stacks areas', () => {
    const { spec, chartType } = built(FIXTURES.iowa(), { color: 'source', stack: true });
    expect(chartType).toBe('area');
    expect(spec.encoding.y.stack).toBe('zero');
  });
});

describe('the spec validator', () => {
  it('rejects an invalid spec with the reason', () => {
    const r = validator.check({ mark: 'bars', data: { values: [] } });
    expect(r.ok).toBe(false);
  });
  it('rejects data loaded from a URL', () => {
    const r = validator.check({ data: { url: 'http://169.254.169.254/latest' }, mark: 'bar', encoding: {} });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/loads from a URL \(\/data\/url\)/) });
  });
});
