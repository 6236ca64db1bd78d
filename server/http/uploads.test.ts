import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { TableArtifactData } from '../../tools/artifacts';
import { datasetPath } from '../files/testing';
import { recordEvents, sendOk, startTestParley, type TestParley } from '../testing/harness';
import { STORE_BACKENDS } from '../testing/databases';

const SALES_CSV = datasetPath('plotly', 'supermarket_Sales.csv');

async function upload(t: Pick<TestParley, 'fetch'>, name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await t.fetch('/api/uploads', { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as { data?: { id: string; name: string; kind: string; sizeBytes: number; tables: { name: string; columns: { name: string; type: string }[]; rowCount: number; rejectedRows: number; preview?: unknown[][] }[] }; error?: { code: string; message: string } } };
}

/** A zip whose central directory declares one 4 GB entry: what a zip bomb looks like before it is opened. */
function zipBomb(): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(name.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + name.length, 12);
  eocd.writeUInt32LE(local.length + name.length, 16);
  return Buffer.concat([local, name, central, name, eocd]);
}

describe.each(STORE_BACKENDS)('uploads over HTTP, and asking about them, on %s', (backend) => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline', backend, env: { PARLEY_MAX_UPLOAD_MB: '1' } });
  });
  afterAll(() => t?.destroy());

  it('POST /api/uploads parses a CSV and answers 201 with its table; GET answers the same', async () => {
    const r = await upload(t, 'supermarket_Sales.csv', readFileSync(SALES_CSV));
    expect(r.status).toBe(201);
    const d = r.body.data!;
    expect(d).toMatchObject({ name: 'supermarket_Sales.csv', kind: 'csv', sizeBytes: statSync(SALES_CSV).size });
    expect(d.tables).toHaveLength(1);
    expect(d.tables[0]).toMatchObject({ name: 'supermarket_sales', rowCount: 1000, rejectedRows: 0 });
    expect(d.tables[0].columns).toContainEqual({ name: 'city', type: 'VARCHAR' });
    // A preview of the first rows, as read: the CSV's own first lines, column by column.
    const first = (parse(readFileSync(SALES_CSV), { columns: false }) as string[][]).slice(1, 6);
    const city = d.tables[0].columns.findIndex((c) => c.name === 'city');
    const invoice = d.tables[0].columns.findIndex((c) => c.name === 'invoice_id');
    expect(d.tables[0].preview!.map((r) => [r[invoice], r[city]])).toEqual(first.map((r) => [r[0], r[2]]));
    const got = await t.fetch(`/api/uploads/${d.id}`);
    expect(got.status).toBe(200);
    expect(((await got.json()) as { data: unknown }).data).toEqual(d);
  });

  it('"total sales by city" about an attached CSV: the offline planner answers from the file, with the right sums', async () => {
    const { data } = (await upload(t, 'supermarket_Sales.csv', readFileSync(SALES_CSV))).body;
    const socket = await t.client();
    const rec = recordEvents(socket);
    const ack = await sendOk(socket, { text: 'total sales by city', attachments: [{ uploadId: data!.id }] });
    await rec.terminal(ack.data.runId, 60_000);
    const art = rec.ofRun(ack.data.runId).find((e) => e.type === 'artifact' && e.kind === 'table');
    expect(art, JSON.stringify(rec.ofRun(ack.data.runId).filter((e) => e.type === 'tool:finished'))).toBeDefined();
    const table = (art as { data: TableArtifactData }).data;
    expect(table.datasource).toBe('Uploaded files');
    // The gold answer, computed here from the same file with csv-parse.
    const rows = parse(readFileSync(SALES_CSV), { columns: true }) as Record<string, string>[];
    const gold = new Map<string, number>();
    for (const r of rows) gold.set(r.City, (gold.get(r.City) ?? 0) + Number(r.Total));
    const got = new Map(table.rows.map((r) => [String(r[0]), Number(r[r.length - 1])]));
    expect([...got.keys()].sort()).toEqual([...gold.keys()].sort());
    for (const [city, total] of gold) expect(got.get(city)).toBeCloseTo(total, 0);
  });

  it('an upload id of no upload is refused at chat:send, in words', async () => {
    const socket = await t.client();
    const { request } = await import('../testing/harness');
    const ack = await request(socket, 'chat:send', { text: 'total sales by city', attachments: [{ uploadId: '00000000-0000-0000-0000-000000000000' }] });
    expect(ack).toMatchObject({ error: { code: 'upload:not_found' } });
  });

  it.each([
    ['an empty file', 'empty.csv', '', 400, 'upload:empty'],
    ['a text file named .xlsx', 'sheet.xlsx', 'a,b\n1,2\n', 415, 'upload:wrong_type'],
    ['a binary file named .csv', 'data.csv', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]), 415, 'upload:wrong_type'],
    ['an old .xls', 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 415, 'upload:unsupported'],
    ['a CSV with a header and no rows', 'header.csv', 'city,total\n', 422, 'upload:no_rows'],
    ['a zip bomb posing as XLSX', 'bomb.xlsx', zipBomb(), 413, 'upload:too_large_expanded'],
    ['a JSON file that is not JSON', 'x.json', '[{"a": 1},', 422, 'upload:unreadable'],
    ['a file over PARLEY_MAX_UPLOAD_MB', 'big.csv', `a,b\n${'1,2\n'.repeat(400_000)}`, 413, 'upload:too_large'],
  ])('refuses %s with a coded error', async (_what, name, bytes, status, code) => {
    const r = await upload(t, name, bytes as string | Uint8Array);
    expect(r.status).toBe(status);
    expect(r.body.error?.code).toBe(code);
    expect(r.body.error?.message.length).toBeGreaterThan(10);
  });

  it('a file name with a path keeps only its base name; the stored file is mode 0600', async () => {
    const r = await upload(t, '../../etc/passwd.csv', 'a,b\n1,2\n');
    expect(r.status).toBe(201);
    expect(r.body.data!.name).toBe('passwd.csv');
    if (t.dataDir) expect(statSync(join(t.dataDir, 'uploads', 'local', r.body.data!.id, 'original')).mode & 0o777).toBe(0o600);
  });

  it('DELETE /api/uploads/:id removes it; GET then answers 404', async () => {
    const { data } = (await upload(t, 'small.csv', 'a,b\n1,2\n')).body;
    expect((await t.fetch(`/api/uploads/${data!.id}`, { method: 'DELETE' })).status).toBe(204);
    const r = await t.fetch(`/api/uploads/${data!.id}`);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('upload:not_found');
  });
});

describe('uploads survive a restart', () => {
  it('an upload made before a restart is still there after it', async () => {
    const first = await startTestParley({ model: 'offline' });
    const { data } = (await upload(first, 'small.csv', 'city,total\nOslo,1\n')).body;
    await first.stop();
    const second = await startTestParley({ model: 'offline', reuse: { dataDir: first.dataDir } });
    try {
      const r = await second.fetch(`/api/uploads/${data!.id}`);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { data: { tables: { rowCount: number }[] } }).data.tables[0].rowCount).toBe(1);
    } finally {
      await second.destroy();
      await first.destroy();
    }
  });
});
