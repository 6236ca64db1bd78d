import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../agent/testing/mock-model-server';
import { isSqlWriterRequest } from '../../server/datasources/testing';
import { datasetPath } from '../../server/files/testing';
import type { TableArtifactData } from '../../tools/artifacts';
import { allowedFileUrl } from './slack-files';
import { message } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

const SALES = datasetPath('plotly', 'supermarket_Sales.csv');

describe('which URLs a shared file may be downloaded from with the bot token', () => {
  it.each([
    ['https://files.slack.com/files-pri/T1-F1/download/a.csv', true],
    ['http://files.slack.com/files-pri/T1-F1/download/a.csv', false],
    ['https://files.slack.com.evil.example/a.csv', false],
    ['https://evil.example/files.slack.com/a.csv', false],
    ['https://user:pw@files.slack.com/a.csv', false],
    ['https://files.slack.com:8443/a.csv', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, ok) => {
    expect(Boolean(allowedFileUrl(url))).toBe(ok);
  });

  it('a test host only when passed in code', () => {
    expect(allowedFileUrl('http://127.0.0.1:9/x.csv')).toBeUndefined();
    expect(allowedFileUrl('http://127.0.0.1:9/x.csv', ['127.0.0.1:9'])?.host).toBe('127.0.0.1:9');
  });
});

describe('a file shared with a question in Slack', () => {
  let s: SlackParley;
  beforeAll(async () => {
    s = await startSlackParley({ env: { PARLEY_MAX_UPLOAD_MB: '1' } });
    s.mock.setFallback((req: RecordedRequest) => {
      if (isSqlWriterRequest(req.body)) return { text: 'SELECT city, sum(total) AS total_sales FROM supermarket_sales GROUP BY 1 ORDER BY 1' };
      if (req.body.messages.at(-1)!.role === 'tool') return { text: 'Here are the sales by city.' };
      return { toolCalls: [{ name: 'query_data', args: { question: 'total sales by city', source: 'files' } }] };
    });
  });
  afterAll(() => s?.destroy());

  /** Every text Parley sent to Slack, to find what people were told. */
  const said = () => JSON.stringify(s.fake.calls.filter((c) => /^chat\./.test(c.method)).map((c) => c.args));

  it('in a DM: downloaded with the bot token, uploaded for the asker, answered from the file with the right sums', async () => {
    const id = s.fake.addFile({ name: 'supermarket_Sales.csv', bytes: readFileSync(SALES), token: 'xoxb-test' });
    const body = message({ text: 'total sales by city', user: 'U7' });
    (body.event as Record<string, unknown>).files = [{ id, name: 'ignored.csv', url_private_download: 'https://evil.example/ignored' }];
    (body.event as Record<string, unknown>).subtype = 'file_share';
    await s.feed(body);
    await s.channel!.idle();
    expect(s.fake.downloads).toEqual([{ fileId: id, authorization: 'Bearer xoxb-test' }]);
    const pool = s.t.parley.store.db.pool;
    const { rows: uploads } = await pool.query<{ name: string; user_id: string }>('SELECT u.name, u.user_id FROM uploads u');
    expect(uploads.map((u) => u.name)).toEqual(['supermarket_Sales.csv']);
    const { rows } = await pool.query<{ data: TableArtifactData }>("SELECT data FROM artifacts WHERE kind = 'table'");
    expect(rows).toHaveLength(1);
    const table = rows[0].data;
    expect(table.datasource).toBe('Uploaded files');
    const gold = new Map<string, number>();
    for (const r of parse(readFileSync(SALES), { columns: true }) as Record<string, string>[]) gold.set(r.City, (gold.get(r.City) ?? 0) + Number(r.Total));
    expect(table.rows.map((r) => String(r[0])).sort()).toEqual([...gold.keys()].sort());
    for (const r of table.rows) expect(Number(r[1])).toBeCloseTo(gold.get(String(r[0]))!, 2);
  });

  it('a file over PARLEY_MAX_UPLOAD_MB is refused before it is downloaded, in words', async () => {
    const before = s.fake.downloads.length;
    const id = s.fake.addFile({ name: 'huge.csv', bytes: Buffer.from('a,b\n1,2\n'), size: 5 * 2 ** 20, token: 'xoxb-test' });
    const body = message({ text: 'total b by a', user: 'U8' });
    (body.event as Record<string, unknown>).files = [{ id }];
    await s.feed(body);
    await s.channel!.idle();
    expect(s.fake.downloads.length).toBe(before);
    expect(said()).toMatch(/huge\.csv.{0,20} is larger than the 1 MB Parley accepts/);
  });

  it('a file whose URL is not on files.slack.com is not fetched: the bot token goes nowhere else', async () => {
    const before = s.fake.downloads.length;
    const id = s.fake.addFile({ name: 'elsewhere.csv', bytes: Buffer.from('a,b\n1,2\n'), token: 'xoxb-test', url: 'https://evil.example/elsewhere.csv' });
    const body = message({ text: 'total b by a', user: 'U9' });
    (body.event as Record<string, unknown>).files = [{ id }];
    await s.feed(body);
    await s.channel!.idle();
    expect(s.fake.downloads.length).toBe(before);
    expect(said()).toMatch(/could not download .{0,4}elsewhere\.csv.{0,4} from Slack/);
  });
});
