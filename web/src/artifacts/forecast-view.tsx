import { useMemo, useState } from 'react';
import type { ChartArtifactData, ForecastArtifactData } from '../../../tools/artifacts';
import { useT } from '../i18n/i18n';
import { ChartView } from './chart-view';
import { forecastTableData } from './forecast-table';
import { TableView } from './table-view';
import './forecast-view.css';

function backtestText(s: ForecastArtifactData['series'][number], t: ReturnType<typeof useT>): string {
  if (!s.backtest) return t('forecast.notBacktested');
  return t('forecast.backtest', { mase: s.backtest.mase.toFixed(2), ratio: s.backtest.relativeToSeasonalNaive.toFixed(2) });
}

/**
 * A forecast artifact: its chart (history, dashed forecast, shaded interval, tooltips with the
 * interval), the method each series got and how it backtested, the warnings, and a table view
 * of every number with a CSV download.
 */
export function ForecastView({ id, title, data }: { id: string; title?: string | null; data: ForecastArtifactData }) {
  if (!Array.isArray(data?.series) || !data.spec) {
    // An artifact stored by another version (or damaged): say so instead of breaking the whole answer.
    return <UnreadableForecast id={id} title={title} />;
  }
  return <ReadableForecast id={id} title={title} data={data} />;
}

function UnreadableForecast({ id, title }: { id: string; title?: string | null }) {
  const t = useT();
  return (
    <section className="artifact artifact-forecast" data-artifact-kind="forecast" data-artifact-id={id} aria-label={title ?? undefined}>
      <p className="muted">{t('forecast.unreadable')}</p>
    </section>
  );
}

function ReadableForecast({ id, title, data }: { id: string; title?: string | null; data: ForecastArtifactData }) {
  const t = useT();
  const [showTable, setShowTable] = useState(false);
  // A stable object: the chart redraws when the spec changes, not on every render.
  const chart = useMemo<ChartArtifactData>(() => ({ chartType: 'line', spec: data.spec }), [data.spec]);
  const table = useMemo(() => (showTable ? forecastTableData(data) : null), [showTable, data]);
  const warnings = [...new Set([...(data.warnings ?? []), ...data.series.flatMap((s) => s.warnings ?? [])])];
  return (
    <section className="artifact artifact-forecast" data-artifact-kind="forecast" data-artifact-id={id} aria-label={title ?? undefined}>
      <ChartView id={id} data={chart} />
      <ul className="forecast-methods">
        {data.series.map((s, i) => (
          <li key={i} data-method={s.method}>
            {t('forecast.method', { series: s.name ?? '', method: s.method, model: s.model, level: data.level })} {backtestText(s, t)}
          </li>
        ))}
      </ul>
      {warnings.length > 0 && (
        <ul className="forecast-warnings muted" aria-label={t('forecast.notes')}>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="artifact-actions">
        <button type="button" className="ghost small" aria-expanded={showTable} onClick={() => setShowTable((v) => !v)}>
          {showTable ? t('forecast.hideTable') : t('forecast.showTable')}
        </button>
      </div>
      {table && <TableView id={`${id}-table`} title={title} data={table} />}
    </section>
  );
}
