import { describe, expect, it } from 'vitest';
import { parseGrain, parseRange } from './time-range';

const TODAY = '2026-11-26';

describe('parseRange', () => {
  it.each([
    ['revenue last month', { from: '2026-10-01', to: '2026-11-01' }],
    ['orders this month', { from: '2026-11-01', to: '2026-11-27' }],
    ['sales last year', { from: '2025-01-01', to: '2026-01-01' }],
    ['sales this year', { from: '2026-01-01', to: '2026-11-27' }],
    ['spend last quarter', { from: '2026-07-01', to: '2026-10-01' }],
    ['spend this quarter', { from: '2026-10-01', to: '2026-11-27' }],
    ['revenue in 2025', { from: '2025-01-01', to: '2026-01-01' }],
    ['revenue in March 2025', { from: '2025-03-01', to: '2025-04-01' }],
    ['revenue Q2 2025', { from: '2025-04-01', to: '2025-07-01' }],
    ['orders between 2025-01-10 and 2025-02-05', { from: '2025-01-10', to: '2025-02-06' }],
    ['orders since 2026-06-01', { from: '2026-06-01' }],
    ['orders last 7 days', { from: '2026-11-19', to: '2026-11-27' }],
    ['orders last week', { from: '2026-11-16', to: '2026-11-23' }],
    ['orders yesterday', { from: '2026-11-25', to: '2026-11-26' }],
  ])('%s', (q, want) => {
    expect(parseRange(q, TODAY)).toMatchObject(want);
  });

  it('finds no range where none is named', () => {
    expect(parseRange('revenue by region', TODAY)).toBeUndefined();
  });
});

describe('parseGrain', () => {
  it.each([
    ['revenue by month', 'month'],
    ['weekly orders', 'week'],
    ['orders per day', 'day'],
    ['quarterly spend', 'quarter'],
    ['revenue by year', 'year'],
    ['revenue by region', undefined],
  ])('%s', (q, g) => {
    expect(parseGrain(q)).toBe(g);
  });
});
