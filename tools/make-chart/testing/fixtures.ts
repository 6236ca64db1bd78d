import type { TableArtifactData } from '../../artifacts';
import { csv, groupBy, isoDate, table } from './tables';

/**
 * Result shapes a SQL answer takes, built from real data sets the way a GROUP BY would return
 * them. Built lazily: each reads its file when asked.
 */
export const FIXTURES = {
  /** Monthly average temperature: one time column, one measure. */
  weatherByMonth: () => {
    const w = csv('vega-datasets/seattle-weather.csv');
    return table([{ name: 'month', kind: 'date' }, { name: 'avg_temp_max', kind: 'number' }], groupBy(w.rows, w.header, [{ column: 'date', map: (d) => `${d.slice(0, 7)}-01` }], { column: 'temp_max', op: 'avg' }), 'What was the average high temperature by month?');
  },
  /** Days per weather type: one category, one count (five parts). */
  weatherDays: (question = 'How many days of each weather type?') => {
    const w = csv('vega-datasets/seattle-weather.csv');
    return table([{ name: 'weather', kind: 'string' }, { name: 'days', kind: 'integer' }], groupBy(w.rows, w.header, [{ column: 'weather' }], { op: 'count' }), question);
  },
  /** Daily stock prices for five symbols: time, category, measure (dates written "Jan 1 2000"). */
  stocks: () => {
    const s = csv('vega-datasets/stocks.csv');
    return table(
      [{ name: 'symbol', kind: 'string' }, { name: 'date', kind: 'date' }, { name: 'price', kind: 'number', unit: 'currency', currency: 'USD' }],
      s.rows.map((r) => [r[0], isoDate(r[1]), Number(r[2])]),
      'Stock prices over time',
    );
  },
  /** Iowa electricity by year and source: yearly dates, a category, a measure. */
  iowa: (question = 'Net generation by source per year') => {
    const e = csv('vega-datasets/iowa-electricity.csv');
    return table([{ name: 'year', kind: 'date' }, { name: 'source', kind: 'string' }, { name: 'net_generation', kind: 'integer' }], e.rows.map((r) => [r[0], r[1], Number(r[2])]), question);
  },
  /** Restaurant bills: two measures. */
  tips: () => {
    const t = csv('plotly/tips.csv');
    return table([{ name: 'total_bill', kind: 'number', unit: 'currency', currency: 'USD' }, { name: 'tip', kind: 'number', unit: 'currency', currency: 'USD' }], t.rows.map((r) => [Number(r[0]), Number(r[1])]), 'Tips against bill size');
  },
  /** Sales people: region, person, two measures. */
  salesPeople: () => {
    const s = csv('plotly/sales_success.csv');
    return table(
      [{ name: 'region', kind: 'string' }, { name: 'salesperson', kind: 'string' }, { name: 'calls', kind: 'integer' }, { name: 'sales', kind: 'integer' }],
      s.rows.map((r) => [r[1], r[3], Number(r[4]), Number(r[5])]),
      'Calls and sales per salesperson',
    );
  },
  /** Supermarket revenue by product line (six parts), money in Myanmar kyat as numeric strings (as pg returns numeric). */
  revenueByProductLine: (question = 'Revenue by product line') => {
    const s = csv('plotly/supermarket_Sales.csv');
    return table([{ name: 'product_line', kind: 'string' }, { name: 'revenue', kind: 'number', dbType: 'numeric', unit: 'currency', currency: 'MMK' }], groupBy(s.rows, s.header, [{ column: 'Product line' }], { column: 'Total', op: 'sum' }).map(([k, v]) => [k, String(v)]), question);
  },
  /** Revenue by branch and product line: two categories, one measure. */
  revenueByBranchAndLine: () => {
    const s = csv('plotly/supermarket_Sales.csv');
    return table([{ name: 'product_line', kind: 'string' }, { name: 'branch', kind: 'string' }, { name: 'revenue', kind: 'number', unit: 'currency', currency: 'USD' }], groupBy(s.rows, s.header, [{ column: 'Product line' }, { column: 'Branch' }], { column: 'Total', op: 'sum' }), 'Revenue by product line and branch');
  },
  /** Total revenue: one number. */
  totalRevenue: () => {
    const s = csv('plotly/supermarket_Sales.csv');
    const total = s.rows.reduce((sum, r) => sum + Number(r[9]), 0);
    return table([{ name: 'total_revenue', kind: 'number', unit: 'currency', currency: 'USD' }], [[Math.round(total * 100) / 100]], 'What is our total revenue?');
  },
  /** Revenue this month and last: a number and the period before it. */
  revenueTwoMonths: () => {
    const s = csv('plotly/supermarket_Sales.csv');
    const rows = groupBy(s.rows, s.header, [{ column: 'Date', map: (d) => `${isoDate(d).slice(0, 7)}-01` }], { column: 'Total', op: 'sum' });
    return table([{ name: 'month', kind: 'date' }, { name: 'revenue', kind: 'number', unit: 'currency', currency: 'USD' }], rows.slice(-2), 'Revenue this month against last month');
  },
  /** US employment by month, three measures side by side. */
  employment: () => {
    const e = csv('vega-datasets/us-employment.csv');
    const cols = ['month', 'construction', 'manufacturing', 'government'];
    const idx = cols.map((c) => e.header.indexOf(c));
    return table([{ name: 'month', kind: 'date' }, ...cols.slice(1).map((name) => ({ name, kind: 'number' as const }))], e.rows.map((r) => idx.map((i, j) => (j === 0 ? r[i] : Number(r[i])))), 'Employment in construction, manufacturing and government');
  },
  /** Walmart openings per year and state: ~40 states, more series than a chart can show. */
  walmartOpenings: () => {
    const w = csv('plotly/1962_2006_walmart_store_openings.csv');
    return table([{ name: 'year', kind: 'integer' }, { name: 'state', kind: 'string' }, { name: 'stores_opened', kind: 'integer' }], groupBy(w.rows, w.header, [{ column: 'YEAR' }, { column: 'STRSTATE' }], { op: 'count' }).map(([y, s, n]) => [Number(y), s, n]), 'Stores opened per year by state');
  },
  /** GitHub commits per hour: hourly timestamps written "2015/01/01 01:00:00". */
  githubHourly: () => {
    const g = csv('vega-datasets/github.csv');
    return table([{ name: 'time', kind: 'string' }, { name: 'count', kind: 'integer' }], g.rows.map((r) => [r[0], Number(r[1])]), 'Commits per hour');
  },
  /** Amazon purchases by category: many categories with long names. */
  amazonCategories: () => {
    const a = csv('plotly/amazon-purchases-sample.csv');
    return table([{ name: 'category', kind: 'string' }, { name: 'purchases', kind: 'integer' }], groupBy(a.rows, a.header, [{ column: 'Category' }], { op: 'count' }).filter((r) => r[0] !== ''), 'Purchases by category');
  },
  /** S&P 500: 123 monthly closes. */
  sp500: () => {
    const s = csv('vega-datasets/sp500.csv');
    return table([{ name: 'date', kind: 'date' }, { name: 'price', kind: 'number' }], s.rows.map((r) => [isoDate(r[0]), Number(r[1])]), 'S&P 500 monthly close');
  },
  /** Global Superstore profit by sub-category in the EU (European decimals); Furniture has a loss on tables. */
  profitBySubCategory: (category?: string) => {
    const g = csv('plotly/global_super_store_orders.tsv', '\t');
    const eu = g.rows.filter((r) => r[g.header.indexOf('Market')] === 'EU');
    if (category) {
      const rows = groupBy(eu.filter((r) => r[g.header.indexOf('Category')] === category), g.header, [{ column: 'Sub-Category' }], { column: 'Profit', op: 'sum' });
      return table([{ name: 'sub_category', kind: 'string' }, { name: 'profit', kind: 'number', unit: 'currency', currency: 'EUR' }], rows, `Profit share by ${category.toLowerCase()} sub-category in the EU`);
    }
    return table([{ name: 'category', kind: 'string' }, { name: 'sub_category', kind: 'string' }, { name: 'profit', kind: 'number', unit: 'currency', currency: 'EUR' }], groupBy(eu, g.header, [{ column: 'Category' }, { column: 'Sub-Category' }], { column: 'Profit', op: 'sum' }), 'Profit by sub-category in the EU');
  },
  /** Only names: nothing to measure. */
  namesOnly: () => {
    const s = csv('plotly/sales_success.csv');
    return table([{ name: 'region', kind: 'string' }, { name: 'county', kind: 'string' }], s.rows.slice(0, 10).map((r) => [r[1], r[2]]), 'Which counties are in each region?');
  },
  /** A list of numbers with nothing to set them against. */
  numbersOnly: () => table([{ name: 'tip', kind: 'number' }], csv('plotly/tips.csv').rows.slice(0, 20).map((r) => [Number(r[1])]), 'List the tips'),
  empty: () => table([{ name: 'month', kind: 'date' }, { name: 'revenue', kind: 'number' }], [], 'Revenue in 1990'),
} satisfies Record<string, (...args: never[]) => TableArtifactData>;

export type FixtureName = keyof typeof FIXTURES;
