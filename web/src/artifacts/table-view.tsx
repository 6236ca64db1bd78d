import { memo, useMemo, useState } from 'react';
import type { TableArtifactData } from '../../../tools/artifacts';
import { CodeBlock } from '../components/code-block';
import { useLocale, useT } from '../i18n/i18n';
import { download, fileNameFor, toCsv } from '../lib/csv';
import { sortRows, type SortDirection } from '../lib/sort-rows';
import { formatCell } from './format-cell';

export const PAGE_SIZE = 50;
/** The most rows the web shows (and downloads) of one table. */
export const MAX_ROWS = 10_000;

/** A table artifact: sortable by any column, paginated, downloadable as CSV, with its SQL. */
export const TableView = memo(function TableView({ id, title, data }: { id: string; title?: string | null; data: TableArtifactData }) {
  const t = useT();
  const locale = useLocale();
  const [sort, setSort] = useState<{ column: number; direction: SortDirection } | null>(null);
  const [page, setPage] = useState(0);
  const [showSql, setShowSql] = useState(false);
  const rows = useMemo(() => data.rows.slice(0, MAX_ROWS), [data.rows]);
  const sorted = useMemo(() => (sort ? sortRows(rows, sort.column, sort.direction) : rows), [rows, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const visible = sorted.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const names = data.columns.map((c) => c.name);

  const toggleSort = (column: number) => {
    setSort((s) => (s?.column === column ? (s.direction === 'asc' ? { column, direction: 'desc' } : null) : { column, direction: 'asc' }));
    setPage(0);
  };
  const count = data.truncated || data.rowCount > rows.length ? t('table.rowsTruncated', { shown: rows.length, count: data.rowCount }) : t('table.rows', { count: rows.length });

  return (
    <section className="artifact artifact-table" data-artifact-kind="table" data-artifact-id={id} aria-label={title ?? undefined}>
      <header className="artifact-head">
        <h3>{title ?? data.question ?? ''}</h3>
        <span className="muted">{count}</span>
        <div className="artifact-actions">
          {data.sql && (
            <button type="button" className="ghost small" aria-expanded={showSql} onClick={() => setShowSql((v) => !v)}>
              {showSql ? t('table.hideSql') : t('table.showSql')}
            </button>
          )}
          <button type="button" className="ghost small" onClick={() => download(new Blob([toCsv(names, sorted)], { type: 'text/csv;charset=utf-8' }), fileNameFor(title ?? data.question, 'csv'))}>
            {t('table.downloadCsv')}
          </button>
        </div>
      </header>
      {showSql && data.sql && <CodeBlock code={data.sql} language="sql" />}
      <div className="table-scroll" tabIndex={0} role="region" aria-label={title ?? t('table.rows', { count: rows.length })}>
        <table>
          <thead>
            <tr>
              {data.columns.map((c, i) => {
                const dir = sort?.column === i ? sort.direction : null;
                return (
                  <th key={i} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'} className={c.kind === 'number' || c.kind === 'integer' ? 'num' : undefined}>
                    <button type="button" className="sort" onClick={() => toggleSort(i)} title={t('table.sortBy', { column: c.name })}>
                      {c.name}
                      <span aria-hidden="true" className="sort-mark">
                        {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {visible.map((row, r) => (
              <tr key={current * PAGE_SIZE + r}>
                {data.columns.map((c, i) => (
                  <td key={i} className={c.kind === 'number' || c.kind === 'integer' ? 'num' : undefined}>
                    {formatCell(row[i], c, locale)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label={t('table.page', { page: current + 1, pages })}>
          <button type="button" className="ghost small" disabled={current === 0} onClick={() => setPage(current - 1)} aria-label={t('table.previous')}>
            ‹
          </button>
          <span>{t('table.page', { page: current + 1, pages })}</span>
          <button type="button" className="ghost small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label={t('table.next')}>
            ›
          </button>
        </nav>
      )}
    </section>
  );
});
