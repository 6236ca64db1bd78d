import { useEffect, useRef, useState } from 'react';
import type { ChartArtifactData } from '../../../tools/artifacts';
import { useDocumentTheme } from '../hooks/use-document-theme';
import { useT } from '../i18n/i18n';
import { download, fileNameFor } from '../lib/csv';

type EmbedResult = Awaited<ReturnType<typeof import('vega-embed').default>>;

/** A chart artifact: its Vega-Lite spec drawn interactively (tooltips), downloadable as PNG or SVG. */
export function ChartView({ id, data }: { id: string; data: ChartArtifactData }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const result = useRef<EmbedResult | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');
  const theme = useDocumentTheme();
  const title = typeof data.spec.title === 'string' ? data.spec.title : ((data.spec.title as { text?: string } | undefined)?.text ?? null);

  useEffect(() => {
    let cancelled = false;
    // vega-embed is large: it loads with the first chart, not with the app.
    import('vega-embed')
      .then(({ default: embed }) => embed(host.current!, data.spec as never, { actions: false, renderer: 'svg', tooltip: true, ...(theme === 'dark' ? { theme: 'dark' as const, config: { background: 'transparent' } } : {}) }))
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
  }, [data.spec, theme]);

  const save = async (format: 'png' | 'svg') => {
    const view = result.current?.view;
    if (!view) return;
    const url = format === 'png' ? await view.toImageURL('png', 2) : await view.toImageURL('svg');
    download(url, fileNameFor(title, format));
  };

  return (
    <section className="artifact artifact-chart" data-artifact-kind="chart" data-artifact-id={id} data-chart-type={data.chartType}>
      <header className="artifact-head">
        <h3>{title ?? ''}</h3>
        <div className="artifact-actions">
          <button type="button" className="ghost small" disabled={state !== 'ready'} onClick={() => save('png')}>
            {t('chart.download')}
          </button>
          <button type="button" className="ghost small" disabled={state !== 'ready'} onClick={() => save('svg')}>
            {t('chart.downloadSvg')}
          </button>
        </div>
      </header>
      {state === 'loading' && <p className="muted">{t('chart.loading')}</p>}
      {typeof state === 'object' && (
        <p className="error-text" role="alert">
          {t('chart.failed', { message: state.error })}
        </p>
      )}
      <div ref={host} className="chart-host" />
    </section>
  );
}
