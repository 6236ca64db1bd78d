// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForecastArtifactData } from '../../../tools/artifacts';
import { forecastTableData } from './forecast-table';
import { ForecastView } from './forecast-view';

afterEach(cleanup);

const data: ForecastArtifactData = {
  measure: 'total_revenue',
  unit: 'currency',
  currency: 'USD',
  timeColumn: 'day',
  grain: 'month',
  period: 1,
  horizon: 2,
  level: 90,
  gapFill: 'zeros',
  series: [
    {
      name: null,
      history: [
        { date: '2026-08-01', value: 100 },
        { date: '2026-09-01', value: 120 },
      ],
      forecast: [
        { date: '2026-10-01', mean: 130, lower: 110, upper: 150 },
        { date: '2026-11-01', mean: 140, lower: 112, upper: 168 },
      ],
      method: 'damped',
      model: 'Damped',
      backtest: { mase: 0.8, relativeToSeasonalNaive: 0.9, origins: 3, horizon: 2 },
      warnings: ['less than two seasons of history'],
    },
  ],
  warnings: ['Oct 2026 is not over yet: left out as incomplete'],
  spec: { data: { values: [] }, mark: 'line' },
};

describe('ForecastView', () => {
  it('says the method and its backtest, lists the warnings, and shows every number in a table on request', () => {
    render(<ForecastView id="f1" title="Revenue forecast" data={data} />);
    expect(screen.getByText(/Method: damped \(Damped\)\. Backtest: MASE 0\.80, 0\.90× the error of seasonal naive\./)).toBeTruthy();
    expect(screen.getByText('Oct 2026 is not over yet: left out as incomplete')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show table' }));
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(rows[0].textContent).toMatch(/month.*actual.*forecast.*lower 90%.*upper 90%/);
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeTruthy();
  });

  it('the table has the history then the steps, each with its interval', () => {
    const t = forecastTableData(data);
    expect(t.rows).toEqual([
      ['2026-08-01', 100, null, null, null],
      ['2026-09-01', 120, null, null, null],
      ['2026-10-01', null, 130, 110, 150],
      ['2026-11-01', null, 140, 112, 168],
    ]);
  });
});
