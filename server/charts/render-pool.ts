import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ParleyError } from '../../agent/errors';
import type { ChartSize } from './render';

/** The largest image Parley draws: each side, the device pixel ratio, and the pixels of the result. */
export const RENDER_LIMITS = { maxSide: 2000, maxScale: 2, maxPixels: 8_000_000 } as const;

export interface RenderRequest extends ChartSize {
  scale?: number;
  background?: string;
}

export interface RenderJob extends RenderRequest {
  id: number;
  format: 'png' | 'svg';
  spec: Record<string, unknown>;
}

export type RenderReply =
  | { id: number; ok: true; png?: Uint8Array; svg?: string }
  | { id: number; ok: false; error: { code: string; status: number; userMessage?: string; message: string } };

export interface RenderPoolOptions {
  /** Render threads; 1 on a 2-core machine, 2 above. */
  size?: number;
  /** Jobs waiting for a thread; beyond this a render is refused as busy (503). */
  maxQueue?: number;
  /** Finished images kept, newest used first out last. */
  cacheEntries?: number;
  cacheBytes?: number;
  /** A render that takes longer has its thread terminated (and replaced). */
  timeoutMs?: number;
  /** An idle thread is ended after this long, so an unused pool holds no memory. */
  idleMs?: number;
}

/** Refuses a size that would cost too much memory or time, naming the limit (every caller: HTTP, Slack, Teams). */
export function checkRenderSize(r: RenderRequest): void {
  const { maxSide, maxScale, maxPixels } = RENDER_LIMITS;
  const scale = r.scale ?? 1;
  const bad = (userMessage: string) => new ParleyError('chart:too_large', { status: 400, userMessage });
  if (!(r.width >= 1 && r.width <= maxSide) || !(r.height >= 1 && r.height <= maxSide)) throw bad(`width and height must be at most ${maxSide} pixels.`);
  if (!(scale > 0 && scale <= maxScale)) throw bad(`scale must be at most ${maxScale}.`);
  const pixels = Math.round(r.width * scale) * Math.round(r.height * scale);
  if (pixels > maxPixels) throw bad(`the image would have ${pixels.toLocaleString('en')} pixels; width × height × scale² must be at most ${maxPixels.toLocaleString('en')}.`);
}

// Worker threads get no TypeScript loader from vitest, and `--import tsx` in a worker's execArgv
// does not apply to its entry file on Node 20: the thread registers tsx's ESM hooks itself and
// then imports the worker, the same way under `tsx main.ts` and under vitest.
const TSX_ESM_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const WORKER_FILE = new URL('./render-worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_ESM_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_FILE)}); })`;

interface Slot {
  worker: Worker;
  job?: { job: RenderJob; resolve(r: Buffer | string): void; reject(e: unknown): void; timer: NodeJS.Timeout };
  idleTimer?: NodeJS.Timeout;
}

class LruCache {
  private map = new Map<string, Buffer | string>();
  private bytes = 0;
  constructor(private entries: number, private maxBytes: number) {}
  get(key: string) {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: Buffer | string) {
    const size = v.length;
    if (size > this.maxBytes) return;
    this.map.set(key, v);
    this.bytes += size;
    while (this.map.size > this.entries || this.bytes > this.maxBytes) {
      const [oldest, old] = this.map.entries().next().value as [string, Buffer | string];
      this.map.delete(oldest);
      this.bytes -= old.length;
    }
  }
}

/**
 * Draws charts on a few worker threads, so the server keeps answering while a big image renders.
 * Identical requests share one render (in flight) and one cached result (after).
 */
export function createRenderPool(opts: RenderPoolOptions = {}) {
  const size = opts.size ?? (availableParallelism() > 2 ? 2 : 1);
  const maxQueue = opts.maxQueue ?? 8;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const idleMs = opts.idleMs ?? 60_000;
  const cache = new LruCache(opts.cacheEntries ?? 64, opts.cacheBytes ?? 32 * 1024 * 1024);
  const inFlight = new Map<string, Promise<Buffer | string>>();
  const queue: NonNullable<Slot['job']>[] = [];
  const slots: Slot[] = [];
  const stats = { renders: 0, cacheHits: 0 };
  let nextId = 1;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(BOOT, { eval: true });
    const slot: Slot = { worker };
    worker.on('message', (reply: RenderReply) => settle(slot, reply));
    worker.on('error', (e) => fail(slot, e));
    worker.on('exit', () => fail(slot, new Error('render worker exited')));
    slots.push(slot);
    return slot;
  }

  /** The job of a thread that died or hung fails; the thread is dropped and the queue moves on. */
  function fail(slot: Slot, e: unknown) {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    clearTimeout(slot.idleTimer);
    if (slot.job) {
      clearTimeout(slot.job.timer);
      slot.job.reject(new ParleyError('chart:render_failed', { status: 500, message: `render worker failed: ${(e as Error)?.message ?? e}`, userMessage: 'This chart could not be drawn as an image.', cause: e }));
      slot.job = undefined;
    }
    void slot.worker.terminate();
    pump();
  }

  function settle(slot: Slot, reply: RenderReply) {
    const running = slot.job;
    if (!running || running.job.id !== reply.id) return;
    clearTimeout(running.timer);
    slot.job = undefined;
    if (reply.ok) running.resolve(reply.png ? Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength) : (reply.svg ?? ''));
    else {
      const { code, status, userMessage, message } = reply.error;
      running.reject(new ParleyError(code as `${string}:${string}`, { status, userMessage: userMessage ?? 'This chart could not be drawn as an image.', message }));
    }
    pump();
  }

  /** Hands waiting jobs to free threads; an idle thread does not keep the process alive. */
  function pump() {
    for (const slot of slots) {
      if (!slot.job && queue.length) start(slot, queue.shift()!);
    }
    while (queue.length && slots.length < size) start(spawn(), queue.shift()!);
    for (const slot of slots) {
      if (slot.job || slot.idleTimer) continue;
      slot.worker.unref();
      slot.idleTimer = setTimeout(() => fail(slot, new Error('idle')), idleMs).unref();
    }
  }

  function start(slot: Slot, running: NonNullable<Slot['job']>) {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    slot.worker.ref();
    running.timer = setTimeout(() => fail(slot, new Error(`render took longer than ${timeoutMs} ms`)), timeoutMs);
    slot.job = running;
    stats.renders++;
    slot.worker.postMessage(running.job);
  }

  function render(format: 'png' | 'svg', spec: Record<string, unknown>, r: RenderRequest, cacheKey?: string): Promise<Buffer | string> {
    if (closed) return Promise.reject(new ParleyError('run:shutdown', { status: 503 }));
    try {
      checkRenderSize(r);
    } catch (e) {
      return Promise.reject(e);
    }
    const key = `${cacheKey ?? createHash('sha256').update(JSON.stringify(spec)).digest('base64url')}|${format}|${r.width}x${r.height}@${r.scale ?? 1}|${r.background ?? ''}`;
    const hit = cache.get(key);
    if (hit !== undefined) {
      stats.cacheHits++;
      return Promise.resolve(hit);
    }
    const pending = inFlight.get(key);
    if (pending) {
      stats.cacheHits++;
      return pending;
    }
    const busy = slots.length >= size && slots.every((s) => s.job);
    if (busy && queue.length >= maxQueue) {
      return Promise.reject(new ParleyError('chart:busy', { status: 503, userMessage: 'Parley is drawing many charts right now. Try again in a few seconds.' }));
    }
    const p = new Promise<Buffer | string>((resolve, reject) => {
      queue.push({ job: { id: nextId++, format, spec, ...r }, resolve, reject, timer: undefined as unknown as NodeJS.Timeout });
      pump();
    })
      .then((v) => {
        cache.set(key, v);
        return v;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  }

  return {
    /** A PNG of exactly width×scale by height×scale pixels. `cacheKey` names the spec (e.g. an artifact id) so it need not be hashed. */
    png: (spec: Record<string, unknown>, r: RenderRequest, cacheKey?: string) => render('png', spec, r, cacheKey) as Promise<Buffer>,
    svg: (spec: Record<string, unknown>, r: RenderRequest, cacheKey?: string) => render('svg', spec, r, cacheKey) as Promise<string>,
    /** Counters for tests and logs: renders started on a thread, requests answered without one. */
    stats: () => ({ ...stats, threads: slots.length, busy: slots.filter((s) => s.job).length, queued: queue.length }),
    async close() {
      closed = true;
      for (const q of queue.splice(0)) q.reject(new ParleyError('run:shutdown', { status: 503 }));
      await Promise.all(slots.splice(0).map((s) => {
        clearTimeout(s.idleTimer);
        if (s.job) s.job.reject(new ParleyError('run:shutdown', { status: 503 }));
        return s.worker.terminate();
      }));
    },
  };
}

export type RenderPool = ReturnType<typeof createRenderPool>;

let shared: RenderPool | undefined;
/** The process's one pool, shared by the HTTP images and the Slack and Teams attachments. */
export function sharedRenderPool(): RenderPool {
  shared ??= createRenderPool();
  return shared;
}

/** A chart as PNG through the shared pool: the renderer Slack and Teams are given. */
export const renderChartPngPooled = (spec: Record<string, unknown>, size: ChartSize & { scale?: number }) => sharedRenderPool().png(spec, size);
