import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../server/testing/databases';
import type { TestParley } from '../../../server/testing/harness';
import { rowsOf, waitForSync } from '../testing/parley';
import { addDays, dayOf } from './dates';
import { LINKEDIN_VERSION } from './linkedin/api';
import { HISTORY_DAYS } from './linkedin/sync';
import type { LinkedInTestServer } from './testing/linkedin-server';
import type { MetaTestServer } from './testing/meta-server';
import { addConnector, startSocialParley } from './testing/social-parley';

/**
 * The social connectors end to end: added through POST /api/connectors against the local LinkedIn
 * and Graph API servers, synced by the framework in the background, checked through
 * GET /api/connectors/:id and in the synced tables.
 */
describe.each(STORE_BACKENDS)('social connectors on %s', (backend) => {
  let t: TestParley;
  let li: LinkedInTestServer;
  let meta: MetaTestServer;
  let destroy: () => Promise<void>;
  const q = async <T = any>(sql: string, params: unknown[] = []) => (await t.parley.store.db.pool.query(sql, params)).rows as T[];
  const liCreds = () => ({ organizationId: li.organizationId, accessToken: li.accessToken, refreshToken: li.refreshToken, clientId: li.clientId, clientSecret: li.clientSecret });

  beforeAll(async () => {
    ({ t, li, meta, destroy } = await startSocialParley({ backend }));
  }, 180_000);
  afterAll(async () => destroy?.());

  it('a LinkedIn page: added, backfilled, counted per stream; a later sync adds only the new days and posts', async () => {
    const added = await addConnector(t.admin, { kind: 'linkedin', name: 'LinkedIn', apiBase: li.url, credentials: liCreds() });
    expect(added.status).toBe(201);
    expect(added.body.data.accountName).toBe('Acme Analytics');
    const done = await waitForSync(t.admin, added.body.data.id);
    expect(done.lastError).toBeNull();
    expect(rowsOf(done, 'account')).toBe(1);
    expect(rowsOf(done, 'posts')).toBe(li.posts().length);
    expect(rowsOf(done, 'daily')).toBe(HISTORY_DAYS - 1);
    const id = added.body.data.id as string;
    const [ws] = await q<{ workspace_id: string }>('SELECT DISTINCT workspace_id FROM social_posts_synced WHERE connector_id = $1', [id]);
    const [own] = await q<{ workspace_id: string }>('SELECT workspace_id FROM connectors WHERE id = $1', [id]);
    expect(ws!.workspace_id).toBe(own!.workspace_id);
    const top = await q<{ id: string; likes: string }>("SELECT id, likes FROM social_posts_synced WHERE connector_id = $1 AND platform = 'linkedin' ORDER BY likes + comments + shares + clicks DESC LIMIT 1", [id]);
    const best = li.posts().sort((a, b) => b.stats.likeCount + b.stats.commentCount + b.stats.shareCount + b.stats.clickCount - (a.stats.likeCount + a.stats.commentCount + a.stats.shareCount + a.stats.clickCount))[0]!;
    expect(Number(top[0]!.likes)).toBe(best.stats.likeCount);

    li.advanceDays(3);
    li.requests.length = 0;
    const sync = await t.fetch(`/api/connectors/${id}/sync`, { method: 'POST' });
    expect(sync.status).toBe(202);
    const again = await waitForSync(t.admin, id);
    expect(again.lastError).toBeNull();
    expect(li.callsTo('posts')).toHaveLength(1);
    expect(rowsOf(again, 'posts')).toBe(li.posts().length);
    expect(rowsOf(again, 'daily')).toBe(HISTORY_DAYS - 1 + 3);
    const [last] = await q<{ day: string }>("SELECT max(day)::text AS day FROM social_daily_metrics_synced WHERE connector_id = $1", [id]);
    expect(last!.day).toBe(addDays(dayOf(li.now), -2));
  });

  it('stores the tokens sealed, never in clear', async () => {
    const rows = await q<{ credentials_encrypted: string }>("SELECT credentials_encrypted FROM connectors WHERE kind = 'linkedin'");
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.credentials_encrypted.startsWith('v1.')).toBe(true);
      expect(r.credentials_encrypted).not.toContain(li.clientSecret);
    }
  });

  it('a token LinkedIn refuses is reported before anything is saved', async () => {
    const r = await addConnector(t.admin, { kind: 'linkedin', name: 'Bad LinkedIn', apiBase: li.url, credentials: { ...liCreds(), accessToken: 'not-a-token', refreshToken: undefined } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('connector:bad_credentials');
    expect(r.body.error.message).toMatch(/Reconnect the LinkedIn page/);
    expect(await q("SELECT 1 FROM connectors WHERE name = 'Bad LinkedIn'")).toHaveLength(0);
  });

  it('once LinkedIn sunsets the version Parley speaks, the connector\'s last error names it', async () => {
    const added = await addConnector(t.admin, { kind: 'linkedin', name: 'LinkedIn 3', apiBase: li.url, credentials: liCreds() });
    expect(added.status).toBe(201);
    const id = added.body.data.id as string;
    await waitForSync(t.admin, id);
    li.sunsetVersions.add(LINKEDIN_VERSION);
    try {
      await t.fetch(`/api/connectors/${id}/sync`, { method: 'POST' });
      const failed = await waitForSync(t.admin, id);
      expect(failed.status).toBe('error');
      expect(failed.lastError).toContain(`version ${LINKEDIN_VERSION}`);
      expect(failed.lastError).toContain('426');
    } finally {
      li.sunsetVersions.delete(LINKEDIN_VERSION);
    }
  });

  it('a refresh token LinkedIn rotates is stored, sealed, and the next sync refreshes with it', async () => {
    li.rotateRefreshTokens = true;
    try {
      const added = await addConnector(t.admin, { kind: 'linkedin', name: 'LinkedIn rotating', apiBase: li.url, credentials: liCreds() });
      const id = added.body.data.id as string;
      await waitForSync(t.admin, id);
      for (let round = 0; round < 2; round++) {
        // Each refresh invalidates the refresh token it used: a second one works only if the first's answer was kept.
        li.expireAccessToken();
        await t.fetch(`/api/connectors/${id}/sync`, { method: 'POST' });
        expect((await waitForSync(t.admin, id)).lastError).toBeNull();
      }
      const sealed = (await t.parley.store.db.pool.query<{ c: string }>('SELECT credentials_encrypted c FROM connectors WHERE id = $1', [id])).rows[0].c;
      expect(sealed).not.toContain(li.refreshToken);
    } finally {
      li.rotateRefreshTokens = false;
    }
  });

  it('an expired LinkedIn token is refreshed during the sync; with the refresh token revoked too, the connector says to reconnect', async () => {
    const added = await addConnector(t.admin, { kind: 'linkedin', name: 'LinkedIn 2', apiBase: li.url, credentials: liCreds() });
    const id = added.body.data.id as string;
    await waitForSync(t.admin, id);
    li.expireAccessToken();
    li.requests.length = 0;
    await t.fetch(`/api/connectors/${id}/sync`, { method: 'POST' });
    const refreshed = await waitForSync(t.admin, id);
    expect(refreshed.lastError).toBeNull();
    expect(li.requests.filter((r) => r.path === '/oauth/v2/accessToken')).toHaveLength(1);

    li.expireAccessToken();
    li.revokeRefreshToken();
    await t.fetch(`/api/connectors/${id}/sync`, { method: 'POST' });
    const failed = await waitForSync(t.admin, id);
    expect(failed.status).toBe('error');
    expect(failed.lastError).toMatch(/Reconnect the LinkedIn page/);
    const stream = failed.streams.find((s) => s.stream === 'account');
    expect(stream!.lastError).toMatch(/Reconnect/);
  });

  it('a Meta Page with its Instagram account lands in the same tables, counted per table', async () => {
    const added = await addConnector(t.admin, { kind: 'meta', name: 'Meta', apiBase: meta.url, credentials: { pageId: meta.pageId, pageAccessToken: meta.pageToken, appSecret: meta.appSecret } });
    expect(added.status).toBe(201);
    const id = added.body.data.id as string;
    meta.throttle(3);
    const done = await waitForSync(t.admin, id);
    expect(done.lastError).toBeNull();
    expect(rowsOf(done, 'accounts')).toBe(2);
    expect(rowsOf(done, 'posts')).toBe(meta.fbPosts().length + meta.igMedia().length);
    const byPlatform = await q<{ platform: string; n: string }>('SELECT platform, count(*) n FROM social_posts_synced WHERE connector_id = $1 GROUP BY platform ORDER BY platform', [id]);
    expect(byPlatform.map((r) => [r.platform, Number(r.n)])).toEqual([['facebook', meta.fbPosts().length], ['instagram', meta.igMedia().length]]);
    const daily = await q<{ platform: string; n: string }>('SELECT platform, count(*) n FROM social_daily_metrics_synced WHERE connector_id = $1 GROUP BY platform ORDER BY platform', [id]);
    expect(daily.map((r) => r.platform)).toEqual(['facebook', 'instagram']);
  });

  it('a Page token Meta refuses (code 190) is reported when adding', async () => {
    const r = await addConnector(t.admin, { kind: 'meta', name: 'Bad Meta', apiBase: meta.url, credentials: { pageId: meta.pageId, pageAccessToken: 'EAAGwrong' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('connector:bad_credentials');
  });

  it('another workspace sees none of these connectors', async () => {
    const other = await t.workspace('ws-social-other');
    const list = await (await other.fetch('/api/connectors')).json();
    expect(list.data).toEqual([]);
    const [mine] = (await (await t.fetch('/api/connectors')).json()).data;
    expect((await other.fetch(`/api/connectors/${mine.id}`)).status).toBe(404);
  });
});
