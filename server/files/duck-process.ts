import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ParleyError } from '../../agent/errors';
import type { WorkerReply, WorkerRequest } from './protocol';

const WORKER = fileURLToPath(new URL('./duck-worker.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface RequestOptions {
  /** Past this the request is interrupted; past it plus `graceMs` the child is killed. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Why a request failed, in words for the model; `kind` decides what people are told. */
export class DuckRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'cancelled' | 'crashed' | 'refused' | 'database',
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DuckRequestError';
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/**
 * One DuckDB child process. A request that outlives its timeout (or whose signal aborts) is
 * interrupted inside DuckDB; if the child does not answer within `graceMs` after that, it is
 * killed (SIGKILL), which also ends every other request on it. A dead child stays dead: the owner
 * starts a new one.
 */
export class DuckProcess {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited = false;
  readonly ready: Promise<void>;
  /** Settles when the process has exited, for whatever reason. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(private readonly graceMs = 2000) {
    // Its own libuv pool: a long query holds one thread of it, and the server's pool stays free.
    this.child = fork(WORKER, [], { execArgv: ['--import', TSX], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, UV_THREADPOOL_SIZE: '4' }, serialization: 'advanced' });
    this.child.stderr?.resume();
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        for (const p of this.pending.values()) p.reject(new DuckRequestError('the file engine stopped unexpectedly', 'crashed'));
        this.pending.clear();
        resolve({ code, signal });
      });
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: true; id?: number; reply?: WorkerReply }) => {
        if (m.ready) return resolve();
        const p = m.id === undefined ? undefined : this.pending.get(m.id);
        if (!p || !m.reply) return;
        this.pending.delete(m.id!);
        if (m.reply.ok) p.resolve(m.reply.value);
        else p.reject(new DuckRequestError(m.reply.message, m.reply.interrupted ? 'timeout' : m.reply.code ? 'refused' : 'database', m.reply.code));
      };
      this.child.on('message', onMessage);
      this.exit.then(() => reject(new DuckRequestError('the file engine did not start', 'crashed')));
    });
    this.ready.catch(() => undefined);
  }

  get alive() {
    return !this.exited;
  }

  get pid() {
    return this.child.pid;
  }

  async request<T>(req: WorkerRequest, opts: RequestOptions = {}): Promise<T> {
    await this.ready;
    if (this.exited) throw new DuckRequestError('the file engine stopped unexpectedly', 'crashed');
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let killer: NodeJS.Timeout | undefined;
      let stopped: DuckRequestError | undefined;
      const stop = (why: DuckRequestError) => {
        if (stopped) return;
        stopped = why;
        this.child.send({ id: -1, interrupt: true });
        killer = setTimeout(() => this.kill(), this.graceMs);
      };
      const onAbort = () => stop(new DuckRequestError('the query was cancelled', 'cancelled'));
      const done = () => {
        clearTimeout(timer);
        clearTimeout(killer);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, {
        resolve: (v) => {
          done();
          resolve(v as T);
        },
        reject: (e) => {
          done();
          reject(stopped ?? e);
        },
      });
      if (opts.timeoutMs) timer = setTimeout(() => stop(new DuckRequestError(`the query ran longer than ${opts.timeoutMs} ms and was stopped`, 'timeout')), opts.timeoutMs);
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.child.send({ id, req });
    });
  }

  /** The last resort: the child cannot be asked, only ended. */
  kill() {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  async close() {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.kill(), this.graceMs);
    await this.exit;
    clearTimeout(t);
  }
}

/** A coded error for people from a failed ingest (the worker's refusal codes are upload:*). */
export function uploadError(e: unknown, name: string): ParleyError {
  if (e instanceof DuckRequestError && e.kind === 'refused' && e.code) {
    const status = e.code === 'upload:too_large_expanded' ? 413 : 422;
    return new ParleyError(e.code as `upload:${string}`, { status, userMessage: `Parley could not use "${name}": ${e.message}.` });
  }
  if (e instanceof DuckRequestError && e.kind === 'timeout') return new ParleyError('upload:timeout', { status: 422, userMessage: `Reading "${name}" took too long and was stopped.` });
  return new ParleyError('upload:unreadable', { status: 422, userMessage: `Parley could not read "${name}". Check that it is a CSV, TSV, Excel (.xlsx), JSON or Parquet file.`, cause: e });
}
