import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../store/db';
import { createTestDatabase, openTestStore } from '../testing/databases';
import { createSyncLocks } from './sync-lock';

describe('sync locks in one process (PGlite and server alike)', () => {
  it('a second lock of the same connector is refused until the first is released; other connectors are free', async () => {
    const { store, cleanup } = await openTestStore('pglite');
    try {
      const locks = createSyncLocks(store.db);
      const release = await locks.tryLock('c1');
      expect(release).toBeTypeOf('function');
      expect(await locks.tryLock('c1')).toBeNull();
      const other = await locks.tryLock('c2');
      expect(other).toBeTypeOf('function');
      await release!();
      const again = await locks.tryLock('c1');
      expect(again).toBeTypeOf('function');
      await again!();
      await other!();
    } finally {
      await store.close();
      await cleanup();
    }
  }, 60_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('sync locks across instances sharing one Postgres server', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of drops) await d();
  });

  it('two instances (two pools) racing for one connector: exactly one gets it; a dropped connection frees it', async () => {
    const db = await createTestDatabase({ empty: true });
    drops.push(db.drop);
    const [a, b] = [await openDb({ databaseUrl: db.url, dataDir: '.' }), await openDb({ databaseUrl: db.url, dataDir: '.' })];
    try {
      const [la, lb] = [createSyncLocks(a), createSyncLocks(b)];
      const got = await Promise.all([la.tryLock('shared'), lb.tryLock('shared'), la.tryLock('shared'), lb.tryLock('shared')]);
      expect(got.filter(Boolean)).toHaveLength(1);
      const holderIsA = Boolean(got[0] ?? got[2]);
      const survivor = holderIsA ? lb : la;
      expect(await survivor.tryLock('shared')).toBeNull();
      // The holder's connection drops (its instance died): the lock goes with it, and the holder survives the error.
      await (holderIsA ? b : a).pool.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = 17017 AND pid <> pg_backend_pid()");
      let taken: Awaited<ReturnType<typeof survivor.tryLock>> = null;
      for (let i = 0; i < 50 && !taken; i++) {
        taken = await survivor.tryLock('shared');
        if (!taken) await new Promise((r) => setTimeout(r, 100));
      }
      expect(taken).toBeTypeOf('function');
      await taken!();
      await got.find(Boolean)!();
    } finally {
      await a.close().catch(() => undefined);
      await b.close().catch(() => undefined);
    }
  }, 60_000);
});
