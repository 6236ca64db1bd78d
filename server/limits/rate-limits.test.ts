import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParleyError } from '../../agent/errors';
import { createTestDatabase, freshDataDir, removeDir, STORE_BACKENDS } from '../testing/databases';
import { openStore, type Store } from '../store/store';
import { createRateLimits } from './rate-limits';
import { TIERS, type TierTable } from './tiers';

/** Small numbers, so a test reaches every limit in a few calls; the workspace allows more than one user. */
const tiny: TierTable = {
  free: {
    messages_per_minute: { user: 2, workspace: 3 },
    messages_per_day: { user: 50, workspace: 50 },
    uploads_per_day: { user: 1, workspace: 5 },
    sql_runs_per_minute: { user: 2, workspace: 5 },
  },
  pro: {
    messages_per_minute: { user: 4, workspace: 6 },
    messages_per_day: { user: 50, workspace: 50 },
    uploads_per_day: { user: 3, workspace: 5 },
    sql_runs_per_minute: { user: 4, workspace: 5 },
  },
  enterprise: TIERS.enterprise,
};

async function refusal(p: Promise<unknown>): Promise<ParleyError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  if (!(e instanceof ParleyError)) throw new Error(`expected a ParleyError, got ${String(e)}`);
  return e;
}

describe.each(STORE_BACKENDS)('rate limits on %s', (backend) => {
  let store: Store;
  let dataDir: string;
  let drop: (() => Promise<void>) | undefined;
  let n = 0;
  /** A fresh workspace with users a and b, so tests do not share counters. */
  async function workspace() {
    const ws = `ws-${backend}-${++n}-${Date.now()}`;
    await store.db.pool.query('INSERT INTO workspaces (id, name) VALUES ($1, $1)', [ws]);
    for (const u of ['a', 'b', 'c']) await store.db.pool.query('INSERT INTO users (id, workspace_id, display_name) VALUES ($1, $2, $1)', [`${ws}-${u}`, ws]);
    return { ws, a: { workspaceId: ws, userId: `${ws}-a` }, b: { workspaceId: ws, userId: `${ws}-b` }, c: { workspaceId: ws, userId: `${ws}-c` } };
  }

  beforeAll(async () => {
    dataDir = freshDataDir();
    let databaseUrl: string | undefined;
    if (backend === 'postgres') {
      const db = await createTestDatabase();
      databaseUrl = db.url;
      drop = db.drop;
    }
    store = await openStore({ databaseUrl, dataDir });
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
    removeDir(dataDir);
  });

  it('refuses past the user allowance with a coded 429 that says when to retry, and counts the refusal nowhere', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'free', tiers: tiny });
    const { a } = await workspace();
    await limits.consume(a, 'messages');
    await limits.consume(a, 'messages');
    const e = await refusal(limits.consume(a, 'messages'));
    expect(e.code).toBe('rate_limited');
    expect(e.status).toBe(429);
    expect(e.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(e.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(e.userMessage).toMatch(/^You have reached the limit of 2 messages per minute on the free tier\. Try again in \d+ seconds?/);
    // Refused again and again: still at the allowance, not past it.
    await refusal(limits.consume(a, 'messages'));
    const s = await limits.status(a);
    expect(s.limits.messages_per_minute.user).toMatchObject({ limit: 2, used: 2, remaining: 0 });
    expect(s.limits.messages_per_day.user).toMatchObject({ limit: 50, used: 2, remaining: 48 });
    expect(s.limits.messages_per_minute.workspace).toMatchObject({ limit: 3, used: 2, remaining: 1 });
    limits.close();
  });

  it('refuses a second user once the workspace allowance is used, though the user has some left', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'free', tiers: tiny });
    const { a, b } = await workspace();
    await limits.consume(a, 'messages');
    await limits.consume(a, 'messages');
    await limits.consume(b, 'messages');
    const e = await refusal(limits.consume(b, 'messages'));
    expect(e.userMessage).toMatch(/^Your workspace has reached the limit of 3 messages per minute on the free tier/);
    // The refused attempt did not use b's own allowance either.
    expect((await limits.status(b)).limits.messages_per_minute.user.used).toBe(1);
    limits.close();
  });

  it('counts each metric separately: uploads per day, SQL runs per minute', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'free', tiers: tiny });
    const { a } = await workspace();
    await limits.consume(a, 'uploads');
    const up = await refusal(limits.consume(a, 'uploads'));
    expect(up.userMessage).toContain('1 file uploads per day');
    // A day's window: the retry is hours away, not a minute.
    expect(up.details?.retryAfterSeconds).toBeGreaterThan(3600);
    await limits.consume(a, 'sql');
    await limits.consume(a, 'sql');
    expect((await refusal(limits.consume(a, 'sql'))).userMessage).toContain('2 SQL queries per minute');
    // Messages were never touched.
    await limits.consume(a, 'messages');
    limits.close();
  });

  it('gives the count back when the action is refunded (bad input), once only', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'free', tiers: tiny });
    const { a } = await workspace();
    const first = await limits.consume(a, 'messages');
    await first.refund();
    await first.refund();
    const s = await limits.status(a);
    expect(s.limits.messages_per_minute.user.used).toBe(0);
    expect(s.limits.messages_per_minute.workspace.used).toBe(0);
    await limits.consume(a, 'messages');
    await limits.consume(a, 'messages');
    await refusal(limits.consume(a, 'messages'));
    limits.close();
  });

  it('follows the workspace tier, a user override, and the default when neither is set; counts survive a tier change', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'free', tiers: tiny });
    const { ws, a, b, c } = await workspace();
    expect(await limits.status(a)).toMatchObject({ tier: 'free', workspaceTier: 'free', userTier: null, defaultTier: 'free' });
    await limits.consume(a, 'sql');
    await limits.consume(a, 'sql');
    await refusal(limits.consume(a, 'sql'));
    await limits.setWorkspaceTier(ws, 'pro');
    // pro allows 4 per user: the 2 already used still count.
    await limits.consume(a, 'sql');
    await limits.consume(a, 'sql');
    expect((await refusal(limits.consume(a, 'sql'))).userMessage).toContain('on the pro tier');
    expect((await limits.status(a)).limits.sql_runs_per_minute).toMatchObject({ user: { limit: 4, used: 4 }, workspace: { limit: 5, used: 4 } });

    // b is held to free by an override, while the workspace (pro, 5) still has room.
    expect(await limits.setUserTier(ws, b.userId, 'free')).toBe(true);
    expect(await limits.status(b)).toMatchObject({ tier: 'free', workspaceTier: 'pro', userTier: 'free' });
    await limits.consume(b, 'uploads');
    expect((await refusal(limits.consume(b, 'uploads'))).userMessage).toContain('on the free tier');
    await limits.consume(c, 'uploads');
    await limits.consume(c, 'uploads');

    await limits.setUserTier(ws, b.userId, null);
    await limits.setWorkspaceTier(ws, null);
    expect(await limits.status(b)).toMatchObject({ tier: 'free', workspaceTier: 'free', userTier: null });
    limits.close();
  });

  it('will not set the tier of a user of another workspace', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'free', tiers: tiny });
    const one = await workspace();
    const other = await workspace();
    expect(await limits.setUserTier(one.ws, other.a.userId, 'enterprise')).toBe(false);
    expect((await limits.status(other.a)).userTier).toBeNull();
    limits.close();
  });

  it('shares counts between two limiters on one database (as two Parley instances do), also when they race', async () => {
    const one = createRateLimits({ pool: store.db.pool, defaultTier: 'pro', tiers: tiny });
    const two = createRateLimits({ pool: store.db.pool, defaultTier: 'pro', tiers: tiny });
    const { a } = await workspace();
    const results = await Promise.allSettled([one, two, one, two, one, two].map((l) => l.consume(a, 'messages')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['rate_limited', 'rate_limited']);
    expect((await two.status(a)).limits.messages_per_minute.user.used).toBe(4);
    one.close();
    two.close();
  });

  it('reports the built-in tiers by default', async () => {
    const limits = createRateLimits({ pool: store.db.pool, defaultTier: 'pro' });
    const { a } = await workspace();
    const s = await limits.status(a);
    expect(s.limits.messages_per_minute.user.limit).toBe(TIERS.pro.messages_per_minute.user);
    expect(s.limits.sql_runs_per_minute.workspace.limit).toBe(TIERS.pro.sql_runs_per_minute.workspace);
    expect(s.limits.messages_per_day.user).toMatchObject({ used: 0, resetsInSeconds: null });
    limits.close();
  });
});
