import { describe, expect, it } from 'vitest';
import { createTools } from './index';

/** The tool the offline planner picks: the first in registry order whose route accepts the question. */
function routedTo(question: string): string | undefined {
  return createTools().find((t) => t.offline?.route(question))?.name;
}

describe('offline routing over the registry (first matching route wins)', () => {
  it.each([
    // Data questions, with or without a named chart type, are answered by query_data.
    ['Revenue by month in 2025', 'query_data'],
    ['Revenue by month in 2025 as a bar chart', 'query_data'],
    ['Total revenue by region as a donut', 'query_data'],
    ['plot revenue by month', 'query_data'],
    ['show spend per platform in a line chart', 'query_data'],
    ['Top 5 products by revenue, as a pie chart', 'query_data'],
    ['Total revenue by region, just the table please', 'query_data'],
    // Follow-ups that change the data stay with query_data.
    ['only Europe', 'query_data'],
    ['now by month', 'query_data'],
    // Changes to the chart already shown go to make_chart.
    ['make it a bar chart', 'make_chart'],
    ['make it a donut chart', 'make_chart'],
    ['show it as a line chart', 'make_chart'],
    ['chart it', 'make_chart'],
    ['plot that', 'make_chart'],
    ['log scale', 'make_chart'],
    ['top 10', 'make_chart'],
    ['only 2024', 'make_chart'],
    ['stack by region', 'make_chart'],
    ['as a bar chart instead', 'make_chart'],
    // What a measure will be is the forecast's, never a query of the past.
    ['forecast revenue for the next 3 months', 'forecast'],
    ['What will orders be by region next quarter?', 'forecast'],
    ['forecast this', 'forecast'],
    ['predict spend for the next 12 weeks', 'forecast'],
  ])('%s → %s', (question, tool) => {
    expect(routedTo(question)).toBe(tool);
  });
});
