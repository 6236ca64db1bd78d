import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import type { TableArtifactData } from '../../tools/artifacts';
import { compareResultSets, type ResultSet } from './result-sets';
import { clip, describeTurn, selectTurns, turnOption } from './target';
import { defineAssertion, fail, pass } from './types';

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * Loads a result set as a DuckDB table: staged as text, then every column whose values all read
 * as numbers becomes DOUBLE. The gold's own engine, separate from Parley's file sessions.
 */
async function loadTable(c: DuckDBConnection, name: string, set: ResultSet) {
  const cols = set.columns.map((col, i) => col || `column_${i + 1}`);
  await c.run(`CREATE TEMP TABLE stage (${cols.map((col) => `${q(col)} VARCHAR`).join(', ')})`);
  const app = await c.createAppender('stage', 'main', 'temp');
  for (const row of set.rows) {
    for (let i = 0; i < cols.length; i++) {
      const v = row[i];
      if (v === null || v === undefined) app.appendNull();
      else app.appendVarchar(v instanceof Date ? v.toISOString() : String(v));
    }
    app.endRow();
  }
  app.flushSync();
  app.closeSync();
  const numeric = (i: number) => set.rows.every((r) => r[i] === null || r[i] === undefined || (typeof r[i] !== 'boolean' && !Number.isNaN(Number(r[i])) && String(r[i]).trim() !== ''));
  const select = cols.map((col, i) => (numeric(i) ? `CAST(${q(col)} AS DOUBLE) AS ${q(col)}` : q(col))).join(', ');
  await c.run(`CREATE TABLE ${q(name)} AS SELECT ${select} FROM temp.stage`);
  await c.run('DROP TABLE temp.stage');
}

/** The rows of the last table artifact of the turns, as the people asking saw them. */
function lastTable(turns: ReturnType<typeof selectTurns>): TableArtifactData | undefined {
  const tables = turns.flatMap((t) => t.artifacts.filter((a) => a.kind === 'table').map((a) => a.data as TableArtifactData));
  return tables.at(-1);
}

export const fileResultEquals = defineAssertion({
  type: 'file-result-equals',
  description:
    "Compares the turn's last table with the `gold` SQL run by DuckDB itself on the case's files (read them with read_csv('{{file1}}') and the like): execution accuracy on files, independent of how Parley loaded them. `tables` names gold SQL run on the case's datasource first, loaded into that DuckDB under those names (a join of a file with the database). Order-insensitive unless `ordered`, numbers within `tolerance`.",
  config: z.object({
    gold: z.string().min(1),
    tables: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), z.string().min(1)).optional(),
    tolerance: z.number().min(0).optional(),
    ordered: z.boolean().optional(),
    turn: turnOption,
  }),
  usesDatasource: true,
  async handle({ config, output, env }) {
    const table = lastTable(selectTurns(output, config.turn));
    if (!table) return fail(`no table was produced in ${describeTurn(config.turn)}`);
    if (table.truncated) return fail(`the table holds only the first ${table.rows.length} of ${table.rowCount} rows; ask for fewer rows`);
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' });
    const c = await instance.connect();
    try {
      for (const [name, sql] of Object.entries(config.tables ?? {})) {
        if (!env.datasource) return fail('the case has no datasource to run the `tables` SQL on');
        let r;
        try {
          r = await env.datasource.query<Record<string, unknown>>(sql);
        } catch (e) {
          return fail(`the gold SQL for table ${name} failed on the datasource: ${clip((e as Error).message, 120)}`);
        }
        const columns = r.fields.map((f) => f.name);
        await loadTable(c, name, { columns, rows: r.rows.map((row) => columns.map((col) => row[col])) });
      }
      let gold: ResultSet;
      try {
        const reader = await c.runAndReadAll(config.gold);
        gold = { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] };
      } catch (e) {
        return fail(`the gold SQL failed in DuckDB: ${clip((e as Error).message, 160)}`);
      }
      const produced: ResultSet = { columns: table.columns.map((x) => x.name), rows: table.rows };
      const outcome = compareResultSets(gold, produced, { ordered: config.ordered ?? false, tolerance: config.tolerance ?? 1e-6 });
      return outcome.equal ? pass(outcome.note) : fail(`${outcome.reason}; SQL: "${clip(table.sql ?? '', 120)}"`);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  },
});
