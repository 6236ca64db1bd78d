import { useEffect, useRef, useState } from 'react';
import type { Result, VisualizationSpec } from 'vega-embed';
import type { ChartArtifactData } from '../../../tools/artifacts';
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

function titleOf(data: ChartArtifactData): string {
  const t = data.spec.title as string | { text?: string } | undefined;
  return (typeof t === 'string' ? t : t?.text) ?? 'Chart';
}

function fileName(title: string, ext: string): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'chart';
  return `${base}.${ext}`;
}

/**
 * A chart artifact, drawn interactively with vega-embed: tooltips on every mark, zoom and pan
 * on time series (drag, wheel; double-click resets), and downloads as PNG and SVG.
 */
export function ChartView({ id, data }: { id: string; data: ChartArtifactData }) {
  const host = useRef<HTMLDivElement>(null);
  const result = useRef<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const title = titleOf(data);

  useEffect(() => {
    let cancelled = false;
    const el = host.current;
    if (!el) return;
    // Vega is large: loaded on the first chart, in its own chunk.
    import('vega-embed')
      .then(({ default: embed }) => embed(el, forBrowser(data), { actions: false, renderer: 'svg', tooltip: { theme: 'light' } }))
      .then((r) => {
        if (cancelled) r.finalize();
        else result.current = r;
      })
      .catch((e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
      result.current?.finalize();
      result.current = null;
    };
  }, [data]);

  async function download(type: 'png' | 'svg') {
    const view = result.current?.view;
    if (!view) return;
    const url = await view.toImageURL(type, type === 'png' ? 2 : 1);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName(title, type);
    a.click();
  }

  const zoomable = Array.isArray(data.spec.params) && (data.spec.params as { bind?: unknown }[]).some((p) => p.bind === 'scales');
  return (
    <figure className="chart-view" data-artifact-kind="chart" data-artifact-id={id} data-chart-type={data.chartType} aria-label={title}>
      <div className="chart-view-canvas" ref={host} />
      {error && (
        <p className="chart-view-error" role="alert">
          This chart could not be drawn: {error}
        </p>
      )}
      <figcaption className="chart-view-actions">
        {zoomable && <span className="chart-view-hint">Drag to pan, scroll to zoom, double-click to reset.</span>}
        <button type="button" onClick={() => void download('png')} aria-label={`Download "${title}" as PNG`}>
          PNG
        </button>
        <button type="button" onClick={() => void download('svg')} aria-label={`Download "${title}" as SVG`}>
          SVG
        </button>
        <a className="chart-view-link" href={`/api/artifacts/${encodeURIComponent(id)}.png?scale=2`} target="_blank" rel="noreferrer">
          Open image
        </a>
      </figcaption>
    </figure>
  );
}
