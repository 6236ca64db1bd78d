import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parseCsv } from './csv';

/**
 * The defog sql-eval data set (written by others): Postgres dumps and question/gold-SQL files,
 * in the repository; PARLEY_DEFOG_DIR points at another copy.
 */
export const DEFOG_DIR = resolve(process.env.PARLEY_DEFOG_DIR ?? fileURLToPath(new URL('../../evals/datasets/defog', import.meta.url)));
export const DEFOG_BUSINESS_DBS = ['broker', 'car_dealership', 'derm_treatment', 'ewallet'] as const;
const QUESTION_FILES = ['instruct_basic_postgres.csv', 'questions_gen_postgres.csv', 'instruct_advanced_postgres.csv'];

export interface DefogQuestion {
  db: string;
  question: string;
  /** Every acceptable gold query, `{a,b}` alternatives expanded. */
  gold: string[];
  file: string;
}

/** Splits on top-level semicolons (outside quotes). */
function statements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/**
 * Expands defog's placeholders: `{a, b}` lists alternative column sets (pick one: `a`, or `b`,
 * or both) and a later `{}` repeats the choice (e.g. in GROUP BY). Returns each distinct variant.
 */
export function expandGold(query: string): string[] {
  const variants = new Set<string>();
  for (const stmt of statements(query)) {
    const first = /\{([^{}]+)\}/.exec(stmt);
    if (!first) {
      variants.add(stmt);
      continue;
    }
    const options = first[1].split(',').map((s) => s.trim());
    for (const choice of [...options, options.join(', ')]) {
      variants.add(stmt.replace(/\{([^{}]*)\}/g, () => choice));
    }
  }
  return [...variants];
}

export function loadDefogQuestions(dbs: readonly string[] = DEFOG_BUSINESS_DBS): DefogQuestion[] {
  const out: DefogQuestion[] = [];
  for (const file of QUESTION_FILES) {
    for (const r of parseCsv(readFileSync(join(DEFOG_DIR, file), 'utf8'))) {
      if (!dbs.includes(r.db_name)) continue;
      out.push({ db: r.db_name, question: r.question, gold: expandGold(r.query), file });
    }
  }
  return out;
}

/** Loads one dump into the database at `url` (the dumps are plain SQL). */
export async function loadDefogDump(url: string, db: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(readFileSync(join(DEFOG_DIR, 'postgres', `${db}.sql`), 'utf8'));
  } finally {
    await c.end();
  }
}

/** Rows as comparable text: numbers rounded to 2 decimals, order ignored unless `ordered`. */
export function resultKey(rows: unknown[][], ordered = false): string {
  const norm = rows.map((r) =>
    JSON.stringify(
      r.map((v) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
        return n === null ? v : Math.round(n * 100) / 100;
      }),
    ),
  );
  return (ordered ? norm : norm.sort()).join('\n');
}
