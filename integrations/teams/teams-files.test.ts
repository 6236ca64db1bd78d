import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../agent/testing/mock-model-server';
import { isSqlWriterRequest } from '../../server/datasources/testing';
import { datasetPath } from '../../server/files/testing';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { startTestParley, type TestParley } from '../../server/testing/harness';
import type { TableArtifactData } from '../../tools/artifacts';
import { createTeamsChannel, type TeamsChannel } from './index';
import { allowedDownloadUrl, sortAttachments, TEAMS_FILE_DOWNLOAD } from './teams-files';
import { bindTeamsTenant } from './testing/bind';
import { teamsMessage } from './testing/fixtures';
import { ProactiveTestAdapter } from './testing/proactive-test-adapter';

const SALES = datasetPath('plotly', 'supermarket_Sales.csv');

describe('which URLs a file sent in Teams may be downloaded from', () => {
  it.each([
    ['https://contoso-my.sharepoint.com/personal/dana/_layouts/15/download.aspx?UniqueId=1&tempauth=x', true],
    ['https://contoso.sharepoint.us/a.csv', true],
    ['https://CONTOSO.SHAREPOINT.COM/a.csv', true],
    ['http://contoso.sharepoint.com/a.csv', false],
    ['https://sharepoint.com/a.csv', false],
    ['https://.sharepoint.com/a.csv', false],
    ['https://contoso.sharepoint.com.evil.example/a.csv', false],
    ['https://evil.example/contoso.sharepoint.com/a.csv', false],
    ['https://user:pw@contoso.sharepoint.com/a.csv', false],
    ['https://contoso.sharepoint.com:8443/a.csv', false],
    ['https://127.0.0.1/a.csv', false],
    ['http://127.0.0.1:80/a.csv', false],
    ['https://[::1]/a.csv', false],
    ['https://169.254.169.254/latest/meta-data/', false],
    ['file:///etc/passwd', false],
    ['ftp://contoso.sharepoint.com/a.csv', false],
    ['not a url', false],
    [42, false],
  ])('%s → %s', (url, ok) => {
    expect(Boolean(allowedDownloadUrl(url))).toBe(ok);
  });

  it('a test host only when passed in code', () => {
    expect(allowedDownloadUrl('http://127.0.0.1:9/x.csv')).toBeUndefined();
    expect(allowedDownloadUrl('http://127.0.0.1:9/x.csv', ['127.0.0.1:9'])?.host).toBe('127.0.0.1:9');
  });

  it('reads files from download.info attachments, leaves the HTML body alone and names what it leaves out', () => {
    const sorted = sortAttachments([
      { contentType: TEAMS_FILE_DOWNLOAD, name: '../../etc/q3 targets.xlsx', content: { downloadUrl: 'https://x.sharepoint.com/a', uniqueId: 'u', fileType: 'xlsx' } },
      { contentType: 'text/html', content: '<p>hi</p>' },
      { contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/x' },
      { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
    ]);
    expect(sorted.files).toEqual([{ name: 'q3 targets.xlsx', downloadUrl: 'https://x.sharepoint.com/a' }]);
    expect(sorted.ignored).toEqual(['an image', 'an attachment']);
  });
});

/** A stand-in for SharePoint on 127.0.0.1 that records every request it gets. */
async function fileHost(routes: Record<string, (res: import('node:http').ServerResponse) => void>) {
  const hits: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    authorizations.push(req.headers.authorization);
    const route = routes[(req.url ?? '').split('?')[0]];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { hits, authorizations, host, url: (path: string) => `http://${host}${path}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(STORE_BACKENDS)('a file sent to Parley in a Teams 1:1 chat on %s', (backend) => {
  let t: TestParley;
  let teams: TeamsChannel;
  let files: Awaited<ReturnType<typeof fileHost>>;
  let internal: Awaited<ReturnType<typeof fileHost>>;
  let n = 0;

  beforeAll(async () => {
    // An "internal" host the bot must never be talked into fetching: it is not on the allow-list.
    internal = await fileHost({ '/secret': (res) => res.writeHead(200, { 'content-type': 'text/csv' }).end('secret,value\nkey,1\n') });
    files = await fileHost({
      '/sales.csv': (res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(SALES)),
      '/moved.csv': (res) => res.writeHead(302, { location: '/sales.csv' }).end(),
      '/away.csv': (res) => res.writeHead(302, { location: internal.url('/secret') }).end(),
      '/loop.csv': (res) => res.writeHead(302, { location: '/loop.csv' }).end(),
      '/empty.csv': (res) => res.writeHead(200).end(),
      '/fake.xlsx': (res) => res.writeHead(200).end('region,target\nNorth,10\n'),
      '/declared-huge.csv': (res) => res.writeHead(200, { 'content-length': String(5 * 2 ** 20) }).end('a,b\n'),
      // No Content-Length: the body itself goes past the cap.
      '/endless.csv': (res) => {
        res.writeHead(200);
        const line = 'a,b\n'.repeat(16 * 1024);
        let sent = 0;
        const more = () => {
          while (sent < 4 * 2 ** 20 && res.write(line)) sent += line.length;
          if (sent < 4 * 2 ** 20) res.once('drain', more);
          else res.end();
        };
        res.on('error', () => undefined);
        more();
      },
      '/slow.csv': (res) => {
        res.writeHead(200);
        res.write('a,b\n');
      },
    });
    t = await startTestParley({
      backend,
      env: { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret', PARLEY_MAX_UPLOAD_MB: '1' },
      configure: (deps) => ({
        ...deps,
        channels: [(ctx) => (teams = createTeamsChannel({ streamIntervalMs: 60, typingIntervalMs: 50, fileTestHosts: [files.host], fileTimeoutMs: 1500 })(ctx) as TeamsChannel)],
      }),
    });
    await bindTeamsTenant(t.parley.store.db.pool);
    t.mock!.setFallback((req: RecordedRequest) => {
      if (isSqlWriterRequest(req.body)) return { text: 'SELECT city, sum(total) AS total_sales FROM supermarket_sales GROUP BY 1 ORDER BY 1' };
      if (req.body.messages.at(-1)!.role === 'tool') return { text: 'Here are the sales by city.' };
      return { toolCalls: [{ name: 'query_data', args: { question: 'total sales by city', source: 'files' } }] };
    });
  }, 180_000);
  afterAll(async () => {
    await t?.destroy();
    await files?.close();
    await internal?.close();
  });

  /** A 1:1 message carrying the given attachments, fed through botbuilder to the real bot; returns every text sent back. */
  async function send(text: string, attachments: Activity['attachments']) {
    const adapter = new ProactiveTestAdapter();
    const activity = { ...teamsMessage({ text, conversationId: `a:personal-files-${backend}-${++n}`, conversationType: 'personal' }), attachments };
    await adapter.processActivity(activity, (ctx) => teams.bot.run(ctx));
    await teams.bot.idle();
    return adapter.sent.map((s) => s.activity);
  }
  const file = (name: string, downloadUrl: string) => ({ contentType: TEAMS_FILE_DOWNLOAD, name, content: { downloadUrl, uniqueId: `u-${name}`, fileType: name.split('.').pop() } });
  const texts = (sent: Partial<Activity>[]) => sent.filter((a) => a.type === 'message').map((a) => a.text ?? '');
  const uploadNames = async () => (await t.parley.store.db.pool.query<{ name: string }>('SELECT name FROM uploads ORDER BY created_at')).rows.map((r) => r.name);

  it('is downloaded (no token sent), uploaded for the asker, attached to the question and answered from the file with the right sums', async () => {
    const before = files.hits.length;
    const sent = await send('total sales by city', [file('supermarket_Sales.csv', files.url('/moved.csv?tempauth=abc')), { contentType: 'text/html', content: '<p>total sales by city</p>' }]);
    // The redirect inside the allowed host is followed.
    expect(files.hits.slice(before)).toEqual(['/moved.csv?tempauth=abc', '/sales.csv']);
    expect(files.authorizations.slice(before)).toEqual([undefined, undefined]);
    const pool = t.parley.store.db.pool;
    const { rows: ups } = await pool.query<{ id: string; name: string; user_id: string }>("SELECT id, name, user_id FROM uploads WHERE name = 'supermarket_Sales.csv'");
    expect(ups).toHaveLength(1);
    expect(ups[0].user_id).toMatch(/^teams-/);
    const { rows: linked } = await pool.query('SELECT conversation_id FROM conversation_files WHERE upload_id = $1', [ups[0].id]);
    expect(linked).toHaveLength(1);
    const { rows } = await pool.query<{ data: TableArtifactData }>("SELECT a.data FROM artifacts a WHERE a.kind = 'table' AND a.conversation_id = $1", [linked[0].conversation_id]);
    expect(rows).toHaveLength(1);
    const table = rows[0].data;
    expect(table.datasource).toBe('Uploaded files');
    const gold = new Map<string, number>();
    for (const r of parse(readFileSync(SALES), { columns: true }) as Record<string, string>[]) gold.set(r.City, (gold.get(r.City) ?? 0) + Number(r.Total));
    expect(table.rows.map((r) => String(r[0])).sort()).toEqual([...gold.keys()].sort());
    for (const r of table.rows) expect(Number(r[1])).toBeCloseTo(gold.get(String(r[0]))!, 2);
    expect(texts(sent).join('\n')).toMatch(/sales by city/);
  });

  it('a file with no words is asked about as a file', async () => {
    const sent = await send('', [file('supermarket_Sales.csv', files.url('/sales.csv'))]);
    expect(texts(sent).join('\n')).not.toMatch(/^Hi, I am Parley/);
    const { rows } = await t.parley.store.db.pool.query("SELECT m.text FROM messages m WHERE m.role = 'user' ORDER BY m.created_at DESC LIMIT 1");
    expect(rows[0].text).toBe('What data is in the attached file?');
  });

  it.each([
    ['a loopback URL not on the allow-list', 'http://127.0.0.1:9/secret.csv', /could not download "x\.csv" from Teams: it is not stored in SharePoint or OneDrive/],
    ['a file:// URL', 'file:///etc/passwd', /could not download "x\.csv" from Teams: it is not stored in SharePoint or OneDrive/],
    ['no URL at all', undefined, /could not download "x\.csv" from Teams/],
  ])('%s is never fetched and is refused in words', async (_what, url, said) => {
    const before = await uploadNames();
    const sent = await send('total b by a', [{ contentType: TEAMS_FILE_DOWNLOAD, name: 'x.csv', content: { downloadUrl: url, uniqueId: 'u', fileType: 'csv' } }]);
    expect(texts(sent).join('\n')).toMatch(said);
    expect(await uploadNames()).toEqual(before);
  });

  it('a redirect to a host off the allow-list is not followed', async () => {
    const hits = internal.hits.length;
    const sent = await send('total value by secret', [file('x.csv', files.url('/away.csv'))]);
    expect(internal.hits.length).toBe(hits);
    expect(texts(sent).join('\n')).toMatch(/sent somewhere other than SharePoint or OneDrive/);
  });

  it('endless redirects stop', async () => {
    const before = files.hits.length;
    const sent = await send('total b by a', [file('x.csv', files.url('/loop.csv'))]);
    expect(files.hits.length - before).toBe(4);
    expect(texts(sent).join('\n')).toMatch(/redirected too many times/);
  });

  it.each([
    ['declares a size over PARLEY_MAX_UPLOAD_MB', '/declared-huge.csv', /"big\.csv" is larger than the 1 MB Parley accepts/],
    ['streams past PARLEY_MAX_UPLOAD_MB without saying its size', '/endless.csv', /"big\.csv" is larger than the 1 MB Parley accepts/],
    ['never finishes', '/slow.csv', /could not download "big\.csv" from Teams: it took too long/],
  ])('a download that %s is cut off and refused in words', async (_what, path, said) => {
    const before = await uploadNames();
    const sent = await send('total b by a', [file('big.csv', files.url(path))]);
    expect(texts(sent).join('\n')).toMatch(said);
    expect(await uploadNames()).toEqual(before);
  });

  it.each([
    ['an empty file', 'empty.csv', '/empty.csv', /"empty\.csv" is empty/],
    ['a file that is not what its name says', 'fake.xlsx', '/fake.xlsx', /fake\.xlsx/],
  ])('%s gets the upload error in words, and the chat carries on', async (_what, name, path, said) => {
    const sent = await send('total b by a', [file(name, files.url(path))]);
    const words = texts(sent);
    expect(words).toHaveLength(1);
    expect(words[0]).toMatch(said);
    // The next message in Teams is answered as usual.
    const next = await send('total sales by city', [file('supermarket_Sales.csv', files.url('/sales.csv'))]);
    expect(texts(next).join('\n')).toMatch(/sales by city/);
  });

  it('an inline image is left out politely and the question is still answered', async () => {
    const sent = await send('total sales by city', [{ contentType: 'image/*', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/x/views/original' }]);
    const words = texts(sent);
    expect(words[0]).toMatch(/^I left out an image: I can read files sent as attachments in a 1:1 chat/);
    expect(words.length).toBeGreaterThan(1);
  });
});
