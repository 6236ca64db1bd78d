import { useEffect, useRef, useState } from 'react';
import type { Result, VisualizationSpec } from 'vega-embed';
import type { ChartArtifactData } from '../../../tools/artifacts';
import { useDocumentTheme } from '../hooks/use-document-theme';
import { useT } from '../i18n/i18n';
import { download, fileNameFor } from '../lib/csv';
import './chart-view.css';

/** Fixed-size kinds keep their own width; the others stretch to the message. */
const FIXED_WIDTH = new Set(['donut', 'kpi']);

function forBrowser(data: ChartArtifactData): VisualizationSpec {
  const spec = { ...data.spec } as Record<string, unknown>;
  if (!FIXED_WIDTH.has(data.chartType) && typeof spec.width === 'number') {
    spec.width = 'container';
    spec.autosize = { type: 'fit-x', contains: 'padding' };
  }
  return spec as VisualizationSpec;
}

function titleOf(data: ChartArtifactData): string | null {
  const t = data.spec.title as string | { text?: string } | undefined;
  return (typeof t === 'string' ? t : t?.text) ?? null;
}

/**
 * A chart artifact, drawn interactively with vega-embed: tooltips on every mark, zoom and pan
 * on time series (drag, wheel; double-click resets), light or dark with the page, and downloads
 * as PNG and SVG.
 */
export function ChartView({ id, data }: { id: string; data: ChartArtifactData }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const result = useRef<Result | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');
  const theme = useDocumentTheme();
  const title = titleOf(data);

  useEffect(() => {
    let cancelled = false;
    const el = host.current;
    if (!el) return;
    // vega-embed is large: it loads with the first chart, in its own chunk.
    import('vega-embed')
      .then(({ default: embed }) =>
        embed(el, forBrowser(data), {
          actions: false,
          renderer: 'svg',
          tooltip: { theme: theme === 'dark' ? 'dark' : 'light' },
          ...(theme === 'dark' ? { theme: 'dark' as const, config: { background: 'transparent' } } : {}),
        }),
      )
      .then((r) => {
        if (cancelled) return r.finalize();
        result.current = r;
        setState('ready');
      })
      .catch((e: unknown) => !cancelled && setState({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
      result.current?.finalize();
      result.current = null;
    };
    // The spec, not the wrapper object, decides a redraw: a re-render must not reset a zoom.
  }, [data.spec, data.chartType, theme]);

  const save = async (format: 'png' | 'svg') => {
    const view = result.current?.view;
    if (!view) return;
    const url = format === 'png' ? await view.toImageURL('png', 2) : await view.toImageURL('svg');
    download(url, fileNameFor(title, format));
  };

  const zoomable = Array.isArray(data.spec.params) && (data.spec.params as { bind?: unknown }[]).some((p) => p.bind === 'scales');
  return (
    <figure className="artifact artifact-chart chart-view" data-artifact-kind="chart" data-artifact-id={id} data-chart-type={data.chartType} aria-label={title ?? undefined}>
      {state === 'loading' && <p className="muted">{t('chart.loading')}</p>}
      {typeof state === 'object' && (
        <p className="error-text" role="alert">
          {t('chart.failed', { message: state.error })}
        </p>
      )}
      <div className="chart-view-canvas" ref={host} />
      <figcaption className="chart-view-actions">
        {zoomable && <span className="chart-view-hint">{t('chart.zoomHint')}</span>}
        <button type="button" className="ghost small" disabled={state !== 'ready'} aria-label={t('chart.downloadAs', { title: title ?? 'chart', format: 'PNG' })} onClick={() => void save('png')}>
          {t('chart.download')}
        </button>
        <button type="button" className="ghost small" disabled={state !== 'ready'} aria-label={t('chart.downloadAs', { title: title ?? 'chart', format: 'SVG' })} onClick={() => void save('svg')}>
          {t('chart.downloadSvg')}
        </button>
        <a className="chart-view-link" href={`/api/artifacts/${encodeURIComponent(id)}.png?scale=2`} target="_blank" rel="noreferrer">
          {t('chart.openImage')}
        </a>
      </figcaption>
    </figure>
  );
}
