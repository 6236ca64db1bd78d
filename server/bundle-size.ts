import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** JS the first page load fetches (the entry and what index.html preloads), gzipped bytes. */
  initialGzip: number;
  /** Every JS file of the build, gzipped bytes. */
  totalGzip: number;
  files: { name: string; bytes: number; gzip: number; initial: boolean }[];
}

/** Measures a Vite build's JS: what the first load needs and what loads on demand. */
export function measureBundle(distDir: string): BundleSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initialNames = new Set([...html.matchAll(/(?:src|href)="\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]));
  const assets = join(distDir, 'assets');
  const files = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .map((name) => {
      const buf = readFileSync(join(assets, name));
      return { name, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length, initial: initialNames.has(name) };
    })
    .sort((a, b) => b.gzip - a.gzip);
  return {
    initialGzip: files.filter((f) => f.initial).reduce((s, f) => s + f.gzip, 0),
    totalGzip: files.reduce((s, f) => s + f.gzip, 0),
    files,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

export function formatBundleSize(s: BundleSize): string {
  const lines = [
    `web bundle (JS, gzipped): first load ${kb(s.initialGzip)}, all chunks ${kb(s.totalGzip)}`,
    ...s.files.map((f) => `  ${f.initial ? 'initial ' : 'on demand'}  ${kb(f.gzip).padStart(9)}  ${f.name}`),
  ];
  return lines.join('\n') + '\n';
}
