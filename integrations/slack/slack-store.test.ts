import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freshDataDir, removeDir, STORE_BACKENDS } from '../../server/testing/databases';
import { openStore, type Store } from '../../server/store/store';
import { createSlackStore, type SlackStore } from './slack-store';

describe.each(STORE_BACKENDS)('Slack store on %s', (backend) => {
  let store: Store;
  let slack: SlackStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (backend === 'postgres') {
      const db = await createTestDatabase();
      store = await openStore({ databaseUrl: db.url, dataDir: '' });
      cleanup = db.drop;
    } else {
      const dir = freshDataDir();
      store = await openStore({ dataDir: dir });
      cleanup = async () => removeDir(dir);
    }
    slack = createSlackStore(store.db.pool);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it("creates a team's workspace and a member's user once, even when two events race", async () => {
    let profiles = 0;
    const profile = async () => {
      profiles++;
      return { displayName: 'Ada', email: 'ada@example.com' };
    };
    const [a, b] = await Promise.all([slack.identify('TR', 'U1', profile), slack.identify('TR', 'U1', profile)]);
    expect(a.userId).toBe(b.userId);
    expect(a.workspaceId).toBe('slack-TR');
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    const again = await slack.identify('TR', 'U1', profile);
    expect(again).toEqual({ workspaceId: 'slack-TR', userId: a.userId, created: false });
    const { rows } = await store.db.pool.query(`SELECT count(*)::int AS n FROM slack_users WHERE team_id = 'TR'`);
    expect(rows[0].n).toBe(1);
    // A member whose user lost the race leaves no stray user behind in the workspace.
    const users = await store.db.pool.query(`SELECT count(*)::int AS n FROM users WHERE workspace_id = 'slack-TR'`);
    expect(users.rows[0].n).toBe(1);
    expect(profiles).toBeLessThanOrEqual(2);
  });

  it('a team pointed at another workspace puts its new members there', async () => {
    await slack.workspaceFor('TL');
    await store.db.pool.query(`UPDATE slack_teams SET workspace_id = 'local' WHERE team_id = 'TL'`);
    const who = await slack.identify('TL', 'U9', async () => ({ displayName: 'Grace' }));
    expect(who.workspaceId).toBe('local');
  });

  it('maps a thread to its conversation, and forgets it with the conversation', async () => {
    const conversationId = randomUUID();
    await store.conversations.create({ id: conversationId, workspaceId: 'local', userId: 'local', title: 't', channel: 'slack' });
    expect(await slack.conversationFor('TR', 'C1', '1.1')).toBeUndefined();
    await slack.linkThread('TR', 'C1', '1.1', conversationId);
    expect(await slack.conversationFor('TR', 'C1', '1.1')).toBe(conversationId);
    expect(await slack.conversationFor('TR', 'C1', '1.2')).toBeUndefined();
    await store.db.pool.query('DELETE FROM conversations WHERE id = $1', [conversationId]);
    expect(await slack.conversationFor('TR', 'C1', '1.1')).toBeUndefined();
  });
});
