import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { ParleyError } from '../../agent/errors';
import { SqlExecutionError } from '../../tools/sql/execute';
import type { SessionOptions, SqlClient } from '../../tools/types';
import type { Logger } from '../logger';
import type { DemoMessage, DemoProcessOptions } from './demo-process';

export interface DemoWarehouseOptions {
  /** The demo's own folder, `<PARLEY_DATA_DIR>/demo`. */
  dir: string;
  log: Logger;
  /** How long a question waits for the one running before it is told the demo is busy (ms). */
  queueWaitMs?: number;
  /** Questions allowed to wait at once; more are refused at once. */
  maxQueued?: number;
  /** How long past its timeout a query may run before its process is killed (ms). */
  graceMs?: number;
  /** The timeout of a query whose caller names none (ms): nothing runs on the demo unbounded. */
  defaultTimeoutMs?: number;
  /** How long the process may take to start, a first build of the data included (ms). */
  startTimeoutMs?: number;
  tempFileLimit?: string;
}

export interface DemoWarehouse {
  /** One query at a time, with the default timeout. */
  sql: SqlClient;
  session<T>(fn: (client: SqlClient) => Promise<T>, opts?: SessionOptions): Promise<T>;
  /** The demo process's pid while it runs (for logs and tests). */
  readonly pid: number | undefined;
  close(): Promise<void>;
}

interface Running {
  child: ChildProcess;
  pool: pg.Pool;
  exited: Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The child's entry and how node runs it: the .ts through tsx's loader, or a built .js as is. */
function entry(): { file: string; execArgv: string[] } {
  const js = join(here, 'demo-process.js');
  if (existsSync(js)) return { file: js, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: join(here, 'demo-process.ts'), execArgv: ['--import', tsx] };
}

export const DEMO_BUSY_MESSAGE = 'The demo warehouse is busy with another question; try again in a moment.';

/**
 * The demo warehouse, served by its own process (demo-process.ts) and reached with `pg` like any
 * datasource. Started on first use; one query at a time (PGlite has one session), a few more wait
 * briefly and then hear "busy"; a query past its timeout or cancelled is ended by killing the
 * process (statement_timeout cannot fire inside PGlite), which restarts on the next use.
 */
export function createDemoWarehouse(o: DemoWarehouseOptions): DemoWarehouse {
  // Long enough to wait out a cold start (the first question starts the process) and one ordinary question.
  const queueWaitMs = o.queueWaitMs ?? 10_000;
  const maxQueued = o.maxQueued ?? 8;
  const graceMs = o.graceMs ?? 1_000;
  const defaultTimeoutMs = o.defaultTimeoutMs ?? 15_000;
  const startTimeoutMs = o.startTimeoutMs ?? 120_000;
  let running: Promise<Running> | undefined;
  let current: Running | undefined;
  let closed = false;

  // ---- the process
  function start(): Promise<Running> {
    const { file, execArgv } = entry();
    const opts: DemoProcessOptions = { dir: o.dir, tempFileLimit: o.tempFileLimit ?? '256MB' };
    // Only PATH: the process that runs model-written SQL gets none of Parley's secrets.
    const child = fork(file, [JSON.stringify(opts)], { execArgv, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-2000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return new Promise<Running>((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        o.log.error({ dir: o.dir, stderr: stderr.trim() || undefined }, `demo warehouse failed to start: ${why}`);
        reject(new ParleyError('datasource:unavailable', { status: 503, message: `demo warehouse failed to start: ${why}`, userMessage: 'The demo warehouse could not be started; the details are in the server log.' }));
      };
      const timer = setTimeout(() => fail(`no answer within ${startTimeoutMs} ms`), startTimeoutMs);
      const early = (code: number | null, signal: string | null) => fail(`exited (${signal ?? code})`);
      child.once('exit', early);
      child.once('message', (m: DemoMessage) => {
        if (m.type === 'failed') return fail(m.message);
        clearTimeout(timer);
        child.off('exit', early);
        const pool = new pg.Pool({ host: m.socketDir ?? m.host, port: m.port, user: 'parley', database: 'postgres', max: 1, idleTimeoutMillis: 0 });
        pool.on('error', () => undefined); // the process was killed on purpose; the next use restarts it
        const r: Running = { child, pool, exited };
        child.once('exit', () => {
          if (current === r) forget();
          void pool.end().catch(() => undefined);
        });
        o.log.info({ pid: child.pid, ms: m.ms, built: m.built }, m.built ? 'demo warehouse built and started' : 'demo warehouse started');
        resolve(r);
      });
    });
  }

  function forget() {
    current = undefined;
    running = undefined;
  }

  async function ensure(): Promise<Running> {
    if (closed) throw new ParleyError('run:shutdown');
    if (!running) {
      running = start().then((r) => (current = r));
      running.catch(() => forget());
    }
    return running;
  }

  async function kill(r: Running, why: string) {
    if (current === r) forget();
    o.log.warn({ pid: r.child.pid, why }, 'demo warehouse process killed');
    r.child.kill('SIGKILL');
    await r.exited;
  }

  // ---- one query at a time, a short queue
  let busy = false;
  const waiting: { go(): void }[] = [];

  function acquire(signal?: AbortSignal): Promise<void> {
    if (!busy) {
      busy = true;
      return Promise.resolve();
    }
    const refuse = () => new ParleyError('datasource:busy', { status: 503, userMessage: DEMO_BUSY_MESSAGE });
    if (waiting.length >= maxQueued) return Promise.reject(refuse());
    return new Promise<void>((resolve, reject) => {
      const w = {
        go() {
          done();
          resolve();
        },
      };
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const i = waiting.indexOf(w);
        if (i >= 0) waiting.splice(i, 1);
      };
      const timer = setTimeout(() => {
        done();
        reject(refuse());
      }, queueWaitMs);
      const onAbort = () => {
        done();
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(w);
    });
  }

  function releaseSlot() {
    const next = waiting[0];
    if (next) next.go();
    else busy = false;
  }

  const cancelled = () => new SqlExecutionError('the query was cancelled and stopped', 'timeout');

  async function session<T>(fn: (client: SqlClient) => Promise<T>, opts: SessionOptions = {}): Promise<T> {
    const { signal } = opts;
    if (signal?.aborted) throw cancelled();
    await acquire(signal);
    try {
      const r = await ensure();
      const client = await r.pool.connect();
      const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs;
      let stop: ((e: Error) => void) | undefined;
      const stopped = new Promise<never>((_, reject) => (stop = reject));
      const onAbort = () => {
        stop!(cancelled());
        void kill(r, 'cancelled');
      };
      const timer = setTimeout(() => {
        stop!(new SqlExecutionError(`the query ran longer than ${timeoutMs} ms and was stopped`, 'timeout', '57014'));
        void kill(r, `ran past ${timeoutMs} ms`);
      }, timeoutMs + graceMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      const work = fn(client as unknown as SqlClient);
      work.catch(() => undefined); // when killed, the query's own error (connection lost) is not the story
      try {
        return await Promise.race([work, stopped]);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        client.release(current !== r);
        // A kill must be complete before the next question starts (it gets a fresh process).
        if (current !== r) await r.exited;
      }
    } finally {
      releaseSlot();
    }
  }

  return {
    sql: { query: (text, params) => session((c) => c.query(text, params)) },
    session,
    get pid() {
      return current?.child.pid;
    },
    async close() {
      closed = true;
      const r = await running?.catch(() => undefined);
      forget();
      if (!r) return;
      await r.pool.end().catch(() => undefined);
      // A clean stop lets PGlite close its files; a process stuck in a query is killed.
      if (r.child.connected) r.child.disconnect();
      const t = setTimeout(() => r.child.kill('SIGKILL'), 3_000);
      await r.exited;
      clearTimeout(t);
    },
  };
}
