import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBundleSize, measureBundle } from './bundle-size';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const DIST_INDEX = join(WEB, 'dist', 'index.html');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/** Whether web/dist is missing or older than any web source or config. */
export function webBuildIsStale(): boolean {
  if (!existsSync(DIST_INDEX)) return true;
  const sources = ['src', 'index.html', 'vite.config.ts'].map((p) => join(WEB, p)).filter(existsSync);
  const agentEvents = join(WEB, '..', 'agent', 'events.ts');
  return Math.max(...sources.map(newestMtime), newestMtime(agentEvents)) > statSync(DIST_INDEX).mtimeMs;
}

export async function buildWebIfStale(opts: { force: boolean }): Promise<boolean> {
  if (!opts.force && !webBuildIsStale()) return false;
  process.stderr.write('parley: building the web app…\n');
  const { build } = await import('vite');
  await build({ configFile: join(WEB, 'vite.config.ts'), root: WEB, logLevel: 'warn' });
  process.stdout.write(formatBundleSize(measureBundle(join(WEB, 'dist'))));
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWebIfStale({ force: process.argv.includes('--force') });
}
