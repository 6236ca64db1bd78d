import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, STORE_BACKENDS } from '../testing/databases';
import type { Store } from '../store/store';
import { createCatalogIndex } from './catalog-index';
import { createHttpEmbedder, createLocalEmbedder, localEmbedding } from './embeddings';
import { generateCatalog, goldQuestions } from './large-catalog';

describe('local embedding', () => {
  it('is deterministic, normalised, and closer for related words than unrelated ones', () => {
    const a = localEmbedding('customer revenue');
    expect(localEmbedding('customer revenue')).toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 6);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(dot(a, localEmbedding('customers_revenue'))).toBeGreaterThan(dot(a, localEmbedding('flight delay minutes')));
  });
});

describe.each(STORE_BACKENDS)('catalog retrieval on %s', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore(backend));
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('finds the tables a question needs in a 300-table catalog (recall@10 of gold tables)', async () => {
    const index = createCatalogIndex({ pool: store.db.pool, embedder: createLocalEmbedder() });
    const catalog = generateCatalog(300);
    expect((await index.build('w/big', catalog)).rebuilt).toBe(true);
    expect((await index.build('w/big', catalog)).rebuilt).toBe(false);
    const gold = goldQuestions(catalog, 30);
    let hit = 0;
    let total = 0;
    for (const g of gold) {
      const pieces = await index.retrieve('w/big', g.question, 10);
      const tables = new Set(pieces.map((p) => p.table));
      for (const t of g.tables) {
        total++;
        if (tables.has(t)) hit++;
      }
    }
    expect(hit / total).toBeGreaterThan(0.6);
  });

  it('keeps one datasource\'s catalog out of another\'s results', async () => {
    const index = createCatalogIndex({ pool: store.db.pool, embedder: createLocalEmbedder() });
    await index.build('w1/a', generateCatalog(5));
    const other = await index.retrieve('w2/none', 'sales account status', 10);
    expect(other).toEqual([]);
  });

  it('uses an OpenAI-compatible embeddings endpoint when configured', async () => {
    const seen: { model: string; input: string[] }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { model: string; input: string[] };
        seen.push(parsed);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: parsed.input.map((t, index) => ({ index, embedding: localEmbedding(t, 64) })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const index = createCatalogIndex({ pool: store.db.pool, embedder: createHttpEmbedder({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'mock-embed' }) });
      const catalog = generateCatalog(40);
      await index.build('w/http', catalog);
      const pieces = await index.retrieve('w/http', 'hr invoice records', 5);
      expect(seen[0].model).toBe('mock-embed');
      expect(seen.at(-1)!.input).toEqual(['hr invoice records']);
      expect(pieces.map((p) => p.table)).toContain('big.hr_invoice');
    } finally {
      server.close();
    }
  });
});
