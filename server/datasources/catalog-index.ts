import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Catalog, RetrievedPiece } from '../../tools/sql/catalog';
import { embeddingWords, type Embedder } from './embeddings';

export interface CatalogNote {
  id: string;
  kind: 'example' | 'glossary';
  title: string;
  body: string;
}

interface Entry {
  kind: RetrievedPiece['kind'];
  ref: string;
  table: string | null;
  body: string;
}

/** The searchable pieces of a catalog: each table, each column (with comments and sample values), each note. */
export function catalogEntries(catalog: Catalog, notes: CatalogNote[] = []): Entry[] {
  const out: Entry[] = [];
  for (const t of catalog.tables) {
    const table = `${t.schema}.${t.name}`;
    const cols = t.columns.map((c) => c.name).join(', ');
    out.push({ kind: 'table', ref: table, table, body: `table ${t.name} (${embeddingWords(t.name).join(' ')}) ${t.comment ?? ''} columns: ${cols}` });
    for (const c of t.columns) {
      const values = c.samples?.length ? ` values: ${c.samples.join(', ')}` : '';
      out.push({ kind: 'column', ref: `${table}.${c.name}`, table, body: `column ${c.name} (${embeddingWords(c.name).join(' ')}) of ${t.name}, ${c.type}. ${c.comment ?? ''}${values}` });
    }
  }
  for (const n of notes) out.push({ kind: n.kind, ref: n.id, table: null, body: `${n.title}: ${n.body}` });
  return out;
}

function vectorLiteral(v: number[]): string {
  return `[${v.map((x) => (Number.isFinite(x) ? x.toFixed(6) : '0')).join(',')}]`;
}

/** A Postgres OR-query of the question's words (plainto_tsquery would AND them). */
function orQuery(question: string): string {
  return [...new Set(embeddingWords(question))].filter((w) => /^[a-z0-9]+$/.test(w)).join(' | ');
}

/**
 * The catalog's embeddings in pgvector plus full-text vectors, one set per datasource key
 * (`<workspace>/<datasource>`). Retrieval fuses the vector ranking and the text ranking
 * (reciprocal rank fusion), so exact names and fuzzy meanings both count.
 */
export function createCatalogIndex(deps: { pool: pg.Pool; embedder: Embedder }) {
  const { pool, embedder } = deps;

  async function build(key: string, catalog: Catalog, notes: CatalogNote[] = []): Promise<{ entries: number; rebuilt: boolean }> {
    const entries = catalogEntries(catalog, notes);
    const hash = createHash('sha256').update(JSON.stringify(entries)).digest('hex');
    const current = await pool.query<{ schema_hash: string; embedder: string }>('SELECT schema_hash, embedder FROM catalog_builds WHERE datasource_key = $1', [key]);
    if (current.rows[0]?.schema_hash === hash && current.rows[0].embedder === embedder.name) return { entries: entries.length, rebuilt: false };
    const vectors = await embedder.embed(entries.map((e) => e.body));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM catalog_entries WHERE datasource_key = $1', [key]);
      for (let i = 0; i < entries.length; i += 500) {
        const chunk = entries.slice(i, i + 500);
        await client.query(
          `INSERT INTO catalog_entries (datasource_key, kind, ref, table_name, body, embedder, embedding, tsv)
           SELECT $1, k, r, t, b, $2, e::vector, to_tsvector('english', b)
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(k, r, t, b, e)
           ON CONFLICT DO NOTHING`,
          [key, embedder.name, chunk.map((e) => e.kind), chunk.map((e) => e.ref), chunk.map((e) => e.table), chunk.map((e) => e.body), chunk.map((_, j) => vectorLiteral(vectors[i + j]))],
        );
      }
      await client.query(
        `INSERT INTO catalog_builds (datasource_key, schema_hash, embedder) VALUES ($1, $2, $3)
         ON CONFLICT (datasource_key) DO UPDATE SET schema_hash = $2, embedder = $3, built_at = now()`,
        [key, hash, embedder.name],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    return { entries: entries.length, rebuilt: true };
  }

  async function retrieve(key: string, question: string, k: number): Promise<RetrievedPiece[]> {
    const [qv] = await embedder.embed([question]);
    const tq = orQuery(question);
    const { rows } = await pool.query<{ kind: RetrievedPiece['kind']; ref: string; table_name: string | null; body: string; score: number }>(
      `WITH v AS (
         SELECT kind, ref, row_number() OVER (ORDER BY embedding <=> $2::vector) AS r
           FROM catalog_entries WHERE datasource_key = $1 AND embedder = $4
          ORDER BY embedding <=> $2::vector LIMIT 100),
       t AS (
         SELECT kind, ref, row_number() OVER (ORDER BY ts_rank(tsv, q) DESC) AS r
           FROM catalog_entries, to_tsquery('english', $3) AS q
          WHERE datasource_key = $1 AND $3 <> '' AND tsv @@ q
          ORDER BY ts_rank(tsv, q) DESC LIMIT 100)
       SELECT e.kind, e.ref, e.table_name, e.body,
              (coalesce(1.0 / (60 + v.r), 0) + coalesce(1.0 / (60 + t.r), 0))::float8 AS score
         FROM catalog_entries e
         LEFT JOIN v ON v.kind = e.kind AND v.ref = e.ref
         LEFT JOIN t ON t.kind = e.kind AND t.ref = e.ref
        WHERE e.datasource_key = $1 AND (v.r IS NOT NULL OR t.r IS NOT NULL)
        ORDER BY score DESC, e.ref
        LIMIT $5`,
      [key, vectorLiteral(qv), tq, embedder.name, k],
    );
    return rows.map((r) => ({ kind: r.kind, ref: r.ref, table: r.table_name ?? undefined, body: r.body, score: r.score }));
  }

  async function drop(key: string) {
    await pool.query('DELETE FROM catalog_entries WHERE datasource_key = $1', [key]);
    await pool.query('DELETE FROM catalog_builds WHERE datasource_key = $1', [key]);
  }

  return { build, retrieve, drop };
}

export type CatalogIndex = ReturnType<typeof createCatalogIndex>;
