import type { Db } from '../store/db';

// The first key of the two-int advisory lock: Parley's connector syncs (the second is the connector).
const LOCK_SPACE = 17017;

/**
 * One sync per connector, across every instance sharing the database: a session advisory lock
 * (`pg_try_advisory_lock`) on a connection held for the whole sync.
 *
 * Why a session lock rather than `pg_try_advisory_xact_lock` per page: a per-page lock only stops
 * two pages from being written at once; two syncs could still interleave pages and read each
 * other's cursors. The session lock also frees itself when its connection drops, so a crashed
 * instance never leaves a connector locked.
 *
 * On PGlite the pool has one connection, shared by every query: holding it would stall the whole
 * server, and a session lock taken on it is re-entrant for every caller. PGlite serves one process
 * (its data folder is locked to it), so the process-local set below is the whole answer there;
 * the advisory lock is still taken and released on the shared session so the two paths match.
 */
export function createSyncLocks(db: Pick<Db, 'pool' | 'kind'>) {
  const held = new Set<string>();
  return {
    /** Resolves with a release function, or null when another sync of this connector runs (here or on another instance). */
    async tryLock(connectorId: string): Promise<(() => Promise<void>) | null> {
      if (held.has(connectorId)) return null;
      held.add(connectorId);
      try {
        const client = db.kind === 'postgres' ? await db.pool.connect() : undefined;
        // A connection dropped while held (server restart, network) must not crash the process; the release then discards it.
        client?.on('error', () => undefined);
        const q = client ?? db.pool;
        let got = false;
        try {
          const r = await q.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [LOCK_SPACE, connectorId]);
          got = r.rows[0]?.locked === true;
        } finally {
          if (!got) client?.release();
        }
        if (!got) {
          held.delete(connectorId);
          return null;
        }
        return async () => {
          try {
            await q.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, connectorId]);
            client?.release();
          } catch (e) {
            // The connection is unusable: destroy it, which frees its locks too.
            client?.release(e as Error);
          } finally {
            held.delete(connectorId);
          }
        };
      } catch (e) {
        held.delete(connectorId);
        throw e;
      }
    },
  };
}
