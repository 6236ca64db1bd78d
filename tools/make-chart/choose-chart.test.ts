import { describe, expect, it } from 'vitest';
import type { ChartOptions, ChartType } from '../artifacts';
import { chooseChart } from './choose-chart';
import { profileTable } from './profile';
import { FIXTURES } from './testing/fixtures';
import type { TableArtifactData } from '../artifacts';

interface Case {
  name: string;
  table: () => TableArtifactData;
  options?: ChartOptions;
  type?: ChartType;
  x?: string;
  y?: string[];
  color?: string;
  stack?: boolean;
  error?: RegExp;
}

const cases: Case[] = [
  { name: 'a time column and a measure → line', table: FIXTURES.weatherByMonth, type: 'line', x: 'month', y: ['avg_temp_max'] },
  { name: 'hourly timestamps written as text → line over time', table: FIXTURES.githubHourly, type: 'line', x: 'time', y: ['count'] },
  { name: 'time, a category and a measure → one line per category', table: FIXTURES.stocks, type: 'line', x: 'date', y: ['price'], color: 'symbol' },
  { name: 'yearly time and a source → line coloured by source', table: FIXTURES.iowa, type: 'line', x: 'year', color: 'source' },
  { name: 'an integer year column counts as time', table: FIXTURES.walmartOpenings, type: 'line', x: 'year', color: 'state' },
  { name: 'time and three measures → three lines', table: FIXTURES.employment, type: 'line', x: 'month', y: ['construction', 'manufacturing', 'government'] },
  { name: '"stack by source" on a time series → stacked area', table: FIXTURES.iowa, options: { color: 'source', stack: true }, type: 'area', color: 'source', stack: true },
  { name: 'one category and one measure → bar', table: FIXTURES.weatherDays, type: 'bar', x: 'weather', y: ['days'] },
  { name: 'six parts of a whole, asked as a share → donut', table: () => FIXTURES.weatherDays('What share of days had each weather type?'), type: 'donut', color: 'weather' },
  { name: 'six product lines without share words → bar', table: () => FIXTURES.revenueByProductLine(), type: 'bar', x: 'product_line' },
  { name: 'a breakdown of revenue in six parts → donut', table: () => FIXTURES.revenueByProductLine('Breakdown of revenue by product line'), type: 'donut', color: 'product_line' },
  { name: 'a share with negative parts is not a donut', table: () => FIXTURES.profitBySubCategory('Furniture'), type: 'bar', x: 'sub_category' },
  { name: 'category and sub-category → bars of the finer one, stacked by the coarser', table: () => FIXTURES.profitBySubCategory(), type: 'bar', x: 'sub_category', color: 'category' },
  { name: 'many categories → bar', table: FIXTURES.amazonCategories, type: 'bar', x: 'category', y: ['purchases'] },
  { name: 'two categories and a measure → stacked bar', table: FIXTURES.revenueByBranchAndLine, type: 'bar', x: 'product_line', color: 'branch', stack: true },
  { name: 'two measures → scatter', table: FIXTURES.tips, type: 'scatter', x: 'total_bill', y: ['tip'] },
  { name: 'two measures with a category → scatter coloured by it', table: FIXTURES.salesPeople, type: 'scatter', x: 'calls', y: ['sales'], color: 'region' },
  { name: 'a single number → KPI', table: FIXTURES.totalRevenue, type: 'kpi', y: ['total_revenue'] },
  { name: 'a number and the period before → KPI with change', table: FIXTURES.revenueTwoMonths, type: 'kpi', x: 'month', y: ['revenue'] },
  { name: '"make it a bar chart" on a time series → bars over time', table: FIXTURES.weatherByMonth, options: { chartType: 'bar' }, type: 'bar', x: 'month' },
  { name: '"as a line" on categories → line along categories', table: FIXTURES.weatherDays, options: { chartType: 'line' }, type: 'line', x: 'weather' },
  { name: '"donut" forced on categories → donut', table: FIXTURES.amazonCategories, options: { chartType: 'donut' }, type: 'donut', color: 'category' },
  { name: 'chosen axes win', table: FIXTURES.salesPeople, options: { chartType: 'bar', x: 'region', y: 'sales' }, type: 'bar', x: 'region', y: ['sales'] },
  { name: '"split by region" when region is the only category → bars of regions', table: () => FIXTURES.weatherDays(), options: { color: 'weather' }, type: 'bar', x: 'weather' },
  { name: 'scatter asked of one measure → says why not', table: FIXTURES.weatherDays, options: { chartType: 'scatter' }, error: /two columns of numbers.*one \(days\)/ },
  { name: 'donut asked of negative values → says why not', table: () => FIXTURES.profitBySubCategory('Furniture'), options: { chartType: 'donut' }, error: /negative values; try a bar chart/ },
  { name: 'a column that does not exist → names the columns', table: FIXTURES.iowa, options: { color: 'country' }, error: /no column "country".*year, source, net_generation/ },
  { name: 'text only → nothing to chart', table: FIXTURES.namesOnly, error: /no column of numbers/ },
  { name: 'numbers only → nothing to set them against', table: FIXTURES.numbersOnly, error: /nothing to set them against/ },
  { name: 'no rows → nothing to chart', table: FIXTURES.empty, error: /no rows/ },
];

describe('chooseChart', () => {
  it.each(cases)('$name', (c) => {
    const t = c.table();
    const r = chooseChart(t, profileTable(t), c.options ?? {});
    if (c.error) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(c.error);
      return;
    }
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.chartType).toBe(c.type);
    if (c.x) expect(r.plan.x?.name).toBe(c.x);
    if (c.y) expect(r.plan.y.map((p) => p.name)).toEqual(c.y);
    if (c.color) expect(r.plan.color?.name).toBe(c.color);
    if (c.stack !== undefined) expect(r.plan.stack).toBe(c.stack);
  });
});
