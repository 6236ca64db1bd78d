import { describe, expect, it } from 'vitest';
import { asksForChart, declinesChart, parseChanges, questionBesideChart } from './changes';

const columns = [{ name: 'month' }, { name: 'region' }, { name: 'product_line' }, { name: 'revenue' }];

describe('parseChanges', () => {
  it.each([
    ['make it a bar chart', { chartType: 'bar' }],
    ['Make it a line chart please', { chartType: 'line' }],
    ['show it as a pie', { chartType: 'donut' }],
    ['switch to a scatter plot', { chartType: 'scatter' }],
    ['as an area chart', { chartType: 'area' }],
    ['stack by region', { stack: true, color: 'region' }],
    ['stacked by Regions', { stack: true, color: 'region' }],
    ['colour by product line', { color: 'product_line' }],
    ['split it by region and use a log scale', { color: 'region', logScale: true }],
    ['log scale', { logScale: true }],
    ['back to a linear scale', { logScale: false }],
    ['only 2024', { only: '2024' }],
    ['just Europe', { only: 'europe' }],
    ['top 10', { top: 10 }],
    ['show the top 5 as bars', { top: 5, chartType: 'bar' }],
    ['title it "Revenue in 2024"', { title: 'Revenue in 2024' }],
    ['revenue by product line', {}],
    ['what is our revenue per region?', {}],
  ])('%s', (text, options) => {
    expect(parseChanges(text, columns)).toEqual({ options, problems: [] });
  });

  it('says which columns exist when the split column does not', () => {
    expect(parseChanges('stack by country', columns).problems).toEqual(['there is no column like "country" to split by; the columns are month, region, product_line, revenue']);
  });
});

describe('declinesChart / asksForChart', () => {
  it.each([
    ['revenue by month, no chart', true],
    ['just the table please', true],
    ['show it as a table', true],
    ["I don't need a chart", true],
    ['without a graph', true],
    ['revenue by month', false],
    ['chart revenue by month', false],
  ])('declines: %s → %s', (text, expected) => {
    expect(declinesChart(text)).toBe(expected);
  });

  it.each([
    ['chart it', true],
    ['make it a bar chart', true],
    ['plot that', true],
    ['stack by region', true],
    ['log scale', true],
    ['only 2024', true],
    ['top 10', true],
    ['what data can I ask about?', false],
    ['forecast the weather in Kigali', false],
    ['top 10 customers by revenue last year', false],
    ['no chart', false],
  ])('asks: %s → %s', (text, expected) => {
    expect(asksForChart(text)).toBe(expected);
  });
});

describe('questionBesideChart', () => {
  it.each([
    ['Revenue by month in 2025 as a bar chart', 'Revenue by month in 2025'],
    ['plot revenue by month', 'revenue by month'],
    ['total spend per platform in a line graph.', 'total spend per platform'],
    ['revenue by channel as a donut', 'revenue by channel'],
    ['make it a bar chart', null],
    ['show it as a line chart', null],
    ['chart it', null],
    ['log scale', null],
    ['top 10', null],
    ['stack by region', null],
    ['revenue by month', null],
  ])('%s → %s', (text, expected) => {
    expect(questionBesideChart(text)).toBe(expected);
  });
});
