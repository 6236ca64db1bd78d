import type { DataSourceHandle } from '../types';
import type { Catalog, RetrievedPiece } from '../sql/catalog';
import { datasourceCatalog } from '../sql/run-guarded';

/** Up to this many tables, the writer sees the whole catalog; above it, only what retrieval finds. */
export const WHOLE_CATALOG_MAX_TABLES = 15;
const RETRIEVE_K = 12;
const MAX_TABLES = 8;

/**
 * The part of the catalog a question needs: every table of a small datasource; for a large one,
 * the tables retrieval ranks highest plus their foreign-key neighbours (so joins stay possible).
 */
export async function relevantCatalog(ds: DataSourceHandle, question: string): Promise<{ catalog: Catalog; notes: RetrievedPiece[] }> {
  const full = await datasourceCatalog({ datasource: ds });
  const pieces = ds.retrieve ? await ds.retrieve(question, RETRIEVE_K) : [];
  const notes = pieces.filter((p) => p.kind === 'example' || p.kind === 'glossary');
  if (full.tables.length <= WHOLE_CATALOG_MAX_TABLES || !pieces.length) return { catalog: full, notes };
  const picked: string[] = [];
  for (const p of pieces) {
    if (p.table && !picked.includes(p.table)) picked.push(p.table);
    if (picked.length >= MAX_TABLES) break;
  }
  const key = (schema: string, name: string) => `${schema}.${name}`.toLowerCase();
  const wanted = new Set(picked.map((t) => t.toLowerCase()));
  for (const t of full.tables) {
    if (!wanted.has(key(t.schema, t.name))) continue;
    for (const fk of t.foreignKeys) wanted.add(key(fk.refSchema, fk.refTable));
  }
  return { catalog: { tables: full.tables.filter((t) => wanted.has(key(t.schema, t.name))) }, notes };
}
