import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_BACKENDS } from '../../server/testing/databases';
import type { Store } from '../../server/store/store';
import { createSlackStore, type SlackStore } from './slack-store';
import { bindSlackTeam } from './testing/bind';

describe.each(STORE_BACKENDS)('Slack store on %s', (backend) => {
  let store: Store;
  let slack: SlackStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore(backend));
    slack = createSlackStore(store.db.pool);
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('knows a team only once an admin has bound it, and puts its members in that workspace', async () => {
    expect(await slack.binding('TR')).toBeUndefined();
    expect(await slack.person('TR', 'U1', async () => ({ displayName: 'Ada' }))).toEqual({ kind: 'unbound' });
    await bindSlackTeam(store.db.pool, 'TR', { defaultRole: 'viewer' });
    expect(await slack.binding('TR')).toMatchObject({ id: 'TR', workspaceId: 'local', defaultRole: 'viewer' });
    const who = await slack.person('TR', 'U1', async () => ({ displayName: 'Ada', email: 'ada@example.com' }));
    expect(who).toMatchObject({ kind: 'member', identity: { workspaceId: 'local', role: 'viewer' }, created: true });
  });

  it('keeps a team bound before accounts existed in the workspace it had', async () => {
    // An upgraded install: the row 040 created on first contact, with 083's defaults.
    await store.db.pool.query(`INSERT INTO workspaces (id, name) VALUES ('slack-TOLD', 'Slack team TOLD')`);
    await store.db.pool.query(`INSERT INTO slack_teams (team_id, workspace_id) VALUES ('TOLD', 'slack-TOLD')`);
    const who = await slack.person('TOLD', 'U9', async () => ({ displayName: 'Grace' }));
    expect(who).toMatchObject({ kind: 'member', identity: { workspaceId: 'slack-TOLD', role: 'analyst' } });
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
