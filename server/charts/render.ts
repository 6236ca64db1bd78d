import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { ParleyError } from '../../agent/errors';
import { externalReference } from '../../tools/make-chart/validate';

export interface ChartSize {
  /** Pixels of the whole image, title and legend included. */
  width: number;
  height: number;
}

export interface RenderOptions extends Partial<ChartSize> {
  /** Device pixel ratio for PNGs (2 for sharp images on high-density screens). */
  scale?: number;
  background?: string;
}

const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts', join(process.env.HOME ?? '/root', '.fonts')];
// Vega asks for sans-serif; these are metric-friendly families that ship with common Linux images.
const PREFERRED = [/DejaVuSans\.ttf$/, /DejaVuSans-Bold\.ttf$/, /LiberationSans-Regular\.ttf$/, /LiberationSans-Bold\.ttf$/, /NotoSans-Regular\.ttf$/, /NotoSans-Bold\.ttf$/];

function listFonts(dir: string, depth = 0, out: string[] = []): string[] {
  if (depth > 4 || !existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    try {
      if (statSync(p).isDirectory()) listFonts(p, depth + 1, out);
      else if (/\.(ttf|otf)$/i.test(name)) out.push(p);
    } catch {
      // An unreadable entry is skipped; other fonts will do.
    }
  }
  return out;
}

interface Fonts {
  files: string[];
  family: string;
}
let fonts: Fonts | undefined;

/** The font files text is drawn with, found once: resvg draws no text without one. Throws `chart:no_fonts` when there is none. */
export function findFonts(): Fonts {
  if (fonts) return fonts;
  const all = FONT_DIRS.flatMap((d) => listFonts(d));
  const preferred = PREFERRED.map((re) => all.find((f) => re.test(f))).filter((f): f is string => Boolean(f));
  const files = preferred.length ? preferred : all.slice(0, 8);
  if (!files.length) {
    throw new ParleyError('chart:no_fonts', {
      message: `no .ttf/.otf font under ${FONT_DIRS.join(', ')}`,
      userMessage: 'Charts cannot be drawn as images on this server because it has no fonts. Install one (on Debian: apt-get install fonts-dejavu-core) and restart Parley.',
    });
  }
  const family = /DejaVu/.test(files[0]) ? 'DejaVu Sans' : /Liberation/.test(files[0]) ? 'Liberation Sans' : /Noto/.test(files[0]) ? 'Noto Sans' : '';
  fonts = { files, family };
  return fonts;
}

// Charts carry their data inline; a spec must never make the server fetch anything.
function noLoading(): vega.Loader {
  const refuse = async () => {
    throw new Error('charts rendered on the server may only use inlined data');
  };
  const base = vega.loader();
  return Object.assign(base, { load: refuse, sanitize: refuse, http: refuse, file: refuse });
}

function sized(spec: Record<string, unknown>, size: Partial<ChartSize>): Record<string, unknown> {
  if (!size.width && !size.height) return spec;
  const out: Record<string, unknown> = { ...spec, autosize: { type: 'fit', contains: 'padding' } };
  if (size.width) out.width = size.width;
  if (size.height) out.height = size.height;
  return out;
}

/** Forces the root <svg> to exactly the asked size, keeping the drawing centred in it. */
function fitRoot(svg: string, size: Partial<ChartSize>): string {
  const m = /^<svg([^>]*)>/.exec(svg);
  if (!m || !size.width || !size.height) return svg;
  const attrs = m[1];
  const w = Number(/\swidth="([\d.]+)"/.exec(attrs)?.[1]);
  const h = Number(/\sheight="([\d.]+)"/.exec(attrs)?.[1]);
  if (!w || !h) return svg;
  const viewBox = /\sviewBox="([^"]+)"/.exec(attrs)?.[1] ?? `0 0 ${w} ${h}`;
  const next = attrs
    .replace(/\swidth="[^"]*"/, ` width="${size.width}"`)
    .replace(/\sheight="[^"]*"/, ` height="${size.height}"`)
    .replace(/\sviewBox="[^"]*"/, '')
    .concat(` viewBox="${viewBox}" preserveAspectRatio="xMidYMid meet"`);
  return svg.replace(m[0], `<svg${next}>`);
}

/** A Vega-Lite spec drawn as SVG with Vega's headless view (no browser, no canvas). */
export async function renderChartSvg(spec: Record<string, unknown>, opts: RenderOptions = {}): Promise<string> {
  const url = externalReference(spec);
  if (url) throw new ParleyError('chart:external_data', { status: 422, userMessage: `This chart could not be drawn: it loads data from a URL (${url}), and charts may only use inlined data.` });
  let compiled: vega.Spec;
  try {
    compiled = vl.compile(sized(spec, opts) as unknown as vl.TopLevelSpec).spec;
  } catch (e) {
    throw new ParleyError('chart:invalid_spec', { status: 422, message: `vega-lite compile failed: ${(e as Error).message}`, userMessage: 'This chart could not be drawn: its spec is not valid Vega-Lite.', cause: e });
  }
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoading() });
  try {
    if (opts.background) view.background(opts.background);
    const svg = await view.toSVG();
    return fitRoot(svg, opts);
  } finally {
    view.finalize();
  }
}

/** The same chart as a PNG of exactly `width` × `height` pixels (times `scale`), for Slack, Teams and exports. */
export async function renderChartPng(spec: Record<string, unknown>, opts: ChartSize & { scale?: number; background?: string }): Promise<Buffer> {
  const scale = opts.scale ?? 1;
  const svg = await renderChartSvg(spec, { width: opts.width, height: opts.height });
  const f = findFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(opts.width * scale) },
    background: opts.background ?? '#ffffff',
    font: { loadSystemFonts: false, fontFiles: f.files, defaultFontFamily: f.family, sansSerifFamily: f.family },
  });
  return resvg.render().asPng();
}
