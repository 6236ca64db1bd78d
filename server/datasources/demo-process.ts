// The demo warehouse's own process: one embedded Postgres (PGlite) in <PARLEY_DATA_DIR>/demo,
// served over the Postgres wire protocol to the Parley that forked it, and to nothing else.
//
// It is a process and not a worker thread so that Parley can always end it: a query stuck in
// WebAssembly ignores everything but SIGKILL. Parley's own tables are in another database in
// another process; nothing here can name them. Started by demo-warehouse.ts, never by hand.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tightenTree } from '../store/private-files';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pidAlive } from '../store/pid';

export const DEMO_SQL = join(dirname(fileURLToPath(import.meta.url)), 'demo-warehouse.sql');
/** The role questions run as (created by demo-warehouse.sql): SELECT on the demo tables, nothing else. */
export const DEMO_READER = 'parley_demo_reader';
/** pg looks for `<host>/.s.PGSQL.<port>` when host is a folder. */
export const SOCKET_PORT = 5432;
// sun_path holds 108 bytes on Linux; a longer data folder path falls back to loopback TCP.
const MAX_SOCKET_PATH = 100;

export type DemoMessage =
  | { type: 'ready'; socketDir?: string; port: number; host?: string; built: boolean; ms: number }
  | { type: 'failed'; message: string };

export interface DemoProcessOptions {
  /** The demo folder (0700): pgdata/, the socket, the lock. */
  dir: string;
  /** Postgres temp_file_limit: a runaway sort or recursive CTE stops here instead of filling the disk. */
  tempFileLimit: string;
}


/** PGlite has one writer: a second demo process on the same folder would corrupt it. */
function takeLock(dir: string) {
  const lock = join(dir, 'demo.lock');
  const holder = existsSync(lock) ? Number(readFileSync(lock, 'utf8')) : 0;
  if (holder && holder !== process.pid && pidAlive(holder)) throw new Error(`the demo warehouse in ${dir} is in use by another process (pid ${holder})`);
  writeFileSync(lock, String(process.pid), { mode: 0o600 });
}

/**
 * Temp files of a query that was killed stay on disk (Postgres removes them only on a clean
 * exit); a runaway query writes them at ~50 MB/s, so every start removes them.
 */
export function removeTempFiles(pgdata: string) {
  for (const tmp of [join(pgdata, 'base', 'pgsql_tmp')]) {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Builds the demo warehouse in a side folder and renames it into place only when complete, so a
 * build interrupted by a kill is redone, never served half-made.
 */
async function build(dir: string, pgdata: string, tempFileLimit: string) {
  const side = join(dir, 'pgdata.building');
  rmSync(side, { recursive: true, force: true });
  const db = new PGlite(side);
  try {
    await db.exec(readFileSync(DEMO_SQL, 'utf8'));
    // ALTER SYSTEM cannot run inside the multi-statement block above; it applies from the next open.
    await db.exec(`ALTER SYSTEM SET temp_file_limit = '${tempFileLimit.replace(/'/g, '')}'`);
  } finally {
    await db.close();
  }
  renameSync(side, pgdata);
}

function listenOptions(dir: string): { path?: string; host?: string; port: number } {
  const path = join(dir, `.s.PGSQL.${SOCKET_PORT}`);
  rmSync(path, { force: true }); // left by a killed process; listen() fails on it
  // A unix socket inside the 0700 folder: only this user can connect (pglite-socket checks no password).
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH) return { path, port: SOCKET_PORT };
  return { host: '127.0.0.1', port: 0 };
}

export async function serveDemo(opts: DemoProcessOptions): Promise<{ message: DemoMessage; stop(): Promise<void> }> {
  const t0 = performance.now();
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dir, 0o700);
  takeLock(opts.dir);
  const pgdata = join(opts.dir, 'pgdata');
  const built = !existsSync(pgdata);
  if (built) await build(opts.dir, pgdata, opts.tempFileLimit);
  removeTempFiles(pgdata);
  const db = new PGlite(pgdata);
  await db.waitReady;
  // Owner-only like the store's files: PGlite creates its files 0666/0755 (and a copied template keeps its modes).
  tightenTree(opts.dir);
  // Every wire connection shares this one session, and so this role.
  await db.exec(`SET ROLE ${DEMO_READER}`);
  const where = listenOptions(opts.dir);
  const server = new PGLiteSocketServer({ db, ...where, maxConnections: 1 });
  await server.start();
  const port = where.path ? SOCKET_PORT : Number(server.getServerConn().split(':').pop());
  return {
    message: { type: 'ready', socketDir: where.path ? opts.dir : undefined, host: where.host, port, built, ms: Math.round(performance.now() - t0) },
    async stop() {
      await server.stop().catch(() => undefined);
      await db.close().catch(() => undefined);
      rmSync(join(opts.dir, 'demo.lock'), { force: true });
    },
  };
}

async function main() {
  // Files PGlite creates later (WAL segments, temp files) are owner-only too.
  process.umask(0o077);
  const send = (m: DemoMessage) => process.send?.(m);
  const opts = JSON.parse(process.argv[2] ?? '{}') as DemoProcessOptions;
  let running: Awaited<ReturnType<typeof serveDemo>> | undefined;
  const quit = async () => {
    await running?.stop();
    process.exit(0);
  };
  // Parley gone (closed, crashed or killed): the demo goes with it.
  process.on('disconnect', quit);
  process.on('SIGTERM', quit);
  try {
    running = await serveDemo(opts);
    send(running.message);
  } catch (e) {
    send({ type: 'failed', message: (e as Error).message });
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
