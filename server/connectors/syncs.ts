import { isParleyError } from '../../agent/errors';
import type { Logger } from '../logger';
import type { ConnectorStore } from './store';
import type { createSyncLocks } from './sync-lock';
import type { ConnectorKind, SyncProgress } from './types';

export type SyncStart = 'started' | 'busy' | 'not_found';

export interface ConnectorSyncsDeps {
  store: ConnectorStore;
  locks: ReturnType<typeof createSyncLocks>;
  kinds: ConnectorKind[];
  log: Logger;
  /** PARLEY_CONNECTOR_SYNC_MINUTES: how often every connector is synced; 0: only on request. */
  intervalMinutes: number;
}

// Progress is written to the store at most this often (every page would be one more write per page).
const PROGRESS_EVERY_MS = 500;

/** Runs connector syncs in the background: on request (POST …/sync) and on the schedule. */
export function createConnectorSyncs(deps: ConnectorSyncsDeps) {
  const { store, locks, kinds, log } = deps;
  const running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  async function runLocked(connectorId: string, abort: AbortController, release: () => Promise<void>): Promise<void> {
    try {
      const opened = await store.open(connectorId);
      const kind = opened && kinds.find((k) => k.kind === opened.ref.kind);
      if (!opened || !kind) return;
      let lastWrite = 0;
      let error: string | null = null;
      let failedStream: string | undefined;
      try {
        await kind.sync({
          connector: opened.ref,
          credentials: kind.credentials.parse(opened.credentials),
          signal: abort.signal,
          log: log.child({ connector: connectorId, kind: kind.kind }),
          cursor: (stream) => store.cursor(connectorId, stream),
          commit: async (writes, cursors) => {
            // A sync stopped between pages commits nothing more.
            abort.signal.throwIfAborted();
            await store.commit(opened.ref, writes, cursors);
          },
          saveCredentials: async (credentials) => {
            abort.signal.throwIfAborted();
            await store.replaceCredentials(connectorId, kind.credentials.parse(credentials));
          },
          progress: (p: SyncProgress) => {
            const now = Date.now();
            if (now - lastWrite < PROGRESS_EVERY_MS) return;
            lastWrite = now;
            store.heartbeat(connectorId, p).catch((e: unknown) => log.warn({ err: e, connector: connectorId }, 'connector progress not recorded'));
          },
        });
      } catch (e) {
        if (abort.signal.aborted) {
          error = null;
          log.info({ connector: connectorId }, 'connector sync stopped; it resumes from its last committed page');
        } else {
          error = isParleyError(e) ? e.userMessage : 'The sync failed unexpectedly; the server log has the details.';
          failedStream = isParleyError(e) && typeof e.details?.stream === 'string' ? e.details.stream : undefined;
          log.warn({ err: e, connector: connectorId }, 'connector sync failed');
        }
      }
      await store.markFinished(connectorId, error, failedStream).catch((e: unknown) => log.error({ err: e, connector: connectorId }, 'connector sync state not recorded'));
    } finally {
      running.delete(connectorId);
      await release().catch((e: unknown) => log.error({ err: e, connector: connectorId }, 'connector sync lock not released'));
    }
  }

  async function start(connectorId: string): Promise<SyncStart> {
    if (stopped) return 'busy';
    if (running.has(connectorId)) return 'busy';
    const release = await locks.tryLock(connectorId);
    if (!release) return 'busy';
    const abort = new AbortController();
    const entry = { abort, done: Promise.resolve() };
    running.set(connectorId, entry);
    // Marked before answering, so a GET right after a POST …/sync already reads 'syncing'.
    try {
      await store.markStarted(connectorId);
    } catch (e) {
      running.delete(connectorId);
      await release();
      throw e;
    }
    entry.done = runLocked(connectorId, abort, release);
    return 'started';
  }

  /** One pass of the schedule: every connector whose last sync is older than the interval, one after another. */
  async function tick(): Promise<void> {
    const due = Date.now() - deps.intervalMinutes * 60_000;
    for (const c of await store.all()) {
      if (stopped) return;
      if (c.lastSyncFinishedAt && c.lastSyncFinishedAt.getTime() > due) continue;
      if ((await start(c.id)) === 'started') await running.get(c.id)?.done;
    }
  }

  return {
    start,
    /** Resolves when the connector's running sync (if any) ends. */
    async settled(connectorId: string): Promise<void> {
      await running.get(connectorId)?.done;
    },
    /** Stops a running sync between pages (the connector is being deleted). */
    async stop(connectorId: string): Promise<void> {
      const r = running.get(connectorId);
      r?.abort.abort();
      await r?.done;
    },
    startSchedule() {
      if (!deps.intervalMinutes || timer) return;
      const every = deps.intervalMinutes * 60_000;
      let busy = false;
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        tick()
          .catch((e: unknown) => log.error({ err: e }, 'connector schedule failed'))
          .finally(() => (busy = false));
      }, every);
      timer.unref();
    },
    /** Shutdown: no new syncs; running ones stop after their current page and resume on the next start. */
    async close(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      const all = [...running.values()];
      all.forEach((r) => r.abort.abort());
      await Promise.all(all.map((r) => r.done));
    },
  };
}

export type ConnectorSyncs = ReturnType<typeof createConnectorSyncs>;
