import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretKey } from '../secrets';
import { STORE_BACKENDS } from '../testing/databases';
import { startTestParley, type TestParley } from '../testing/harness';
import { csvDownloadUrl } from './signed-links';

describe.each(STORE_BACKENDS)('signed CSV downloads on %s', (backend) => {
  let t: TestParley;
  let key: Buffer;
  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
    key = loadSecretKey(t.config);
    const pool = t.parley.store.db.pool;
    await pool.query(`INSERT INTO conversations (id, workspace_id, user_id, title) VALUES ('c-dl', 'local', 'local', 'downloads')`);
    const table = {
      columns: [
        { name: 'region', kind: 'string' },
        { name: 'revenue', kind: 'number' },
      ],
      rows: [
        ['North, East', 1200.5],
        ['South "Coast"', 800],
        ['=HYPERLINK("x")', null],
      ],
      rowCount: 3,
      truncated: false,
    };
    await pool.query(`INSERT INTO artifacts (id, conversation_id, run_id, kind, title, data) VALUES ('art-table', 'c-dl', 'r-dl', 'table', 'Revenue by region', $1)`, [JSON.stringify(table)]);
    await pool.query(`INSERT INTO artifacts (id, conversation_id, run_id, kind, title, data) VALUES ('art-chart', 'c-dl', 'r-dl', 'chart', 'A chart', '{}')`);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const link = (artifactId: string, ttlSeconds = 600) => csvDownloadUrl({ key, baseUrl: t.url, artifactId, ttlSeconds });

  it('serves the table as CSV through a valid link', async () => {
    const res = await fetch(link('art-table'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Revenue_by_region.csv"');
    expect(await res.text()).toBe(`region,revenue\r\n"North, East",1200.5\r\n"South ""Coast""",800\r\n"'=HYPERLINK(""x"")",\r\n`);
  });

  it.each([
    ['an expired link', () => link('art-table', -60), 410, 'download:expired'],
    ['a link whose expiry was pushed back', () => link('art-table').replace(/expires=(\d+)/, (_m, e) => `expires=${Number(e) + 3600}`), 403, 'download:bad_signature'],
    ['a link whose signature was altered', () => link('art-table').replace(/sig=(.)/, (_m, c) => `sig=${c === 'A' ? 'B' : 'A'}`), 403, 'download:bad_signature'],
    ['one artifact\'s signature used for another', () => link('art-table').replace('/art-table.csv', '/art-chart.csv'), 403, 'download:bad_signature'],
    ['a link signed with another key', () => csvDownloadUrl({ key: Buffer.alloc(32, 7), baseUrl: t.url, artifactId: 'art-table', ttlSeconds: 600 }), 403, 'download:bad_signature'],
    ['a link without its signature', () => link('art-table').replace(/&sig=.*/, ''), 400, 'input:invalid'],
    ['a valid link to something that is not a table', () => link('art-chart'), 404, 'artifact:not_found'],
  ])('refuses %s', async (_why, url, status, code) => {
    const res = await fetch(url());
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(10);
  });
});
