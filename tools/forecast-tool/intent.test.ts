import { describe, expect, it } from 'vitest';
import { asksForForecast, historyQuestion, readForecastIntent } from './intent';

describe('reading a forecast request', () => {
  it.each([
    ['forecast revenue for the next 3 months', { measure: 'revenue', horizon: 3, grain: 'month' }, 'daily revenue'],
    ['What will orders be by region next quarter?', { measure: 'orders', by: 'region', horizon: 3, grain: 'month' }, 'daily number of orders by region'],
    ['forecast this', {}, undefined],
    ['Predict ad spend over the next 12 weeks with 80% confidence', { measure: 'ad spend', horizon: 12, grain: 'week', level: 80 }, 'daily ad spend'],
    ['how many customers will sign up in the next 30 days', { measure: 'customers', horizon: 30, grain: 'day' }, 'daily number of customers'],
    ['forecast the next 6 months', { horizon: 6, grain: 'month' }, undefined],
  ])('%s', (q, intent, history) => {
    expect(asksForForecast(q)).toBe(true);
    expect(readForecastIntent(q)).toEqual(intent);
    expect(historyQuestion(readForecastIntent(q))).toBe(history);
  });

  it.each(['revenue by month in 2025', 'revenue by project', 'top 5 products by revenue', 'what was revenue last quarter?', 'make it a bar chart'])('is not a forecast: %s', (q) => {
    expect(asksForForecast(q)).toBe(false);
  });
});
