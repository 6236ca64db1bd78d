import { z } from 'zod';
import type { SqlClient } from '../../tools/types';
import { compareResultSets, type ResultSet } from './result-sets';
import { checkReadOnlySql, cleanSql } from './sql-check';
import { defineAssertion, fail, pass } from './types';
import { clip, describeTurn, selectTurns, turnOption } from './target';
import { regexSource } from './text';

const GOLD_ROW_LIMIT = 100_000;

export const sqlValid = defineAssertion({
  type: 'sql-valid',
  description: 'Every SQL statement that ran parses as Postgres and only reads. Fails when none ran unless `allowNone: true`.',
  config: z.object({ allowNone: z.boolean().optional(), turn: z.union([turnOption, z.undefined()]) }),
  handle({ config, output }) {
    const sql = selectTurns(output, config.turn ?? 'all').flatMap((t) => t.sql);
    if (!sql.length) return config.allowNone ? pass('no SQL ran (allowed)') : fail('no SQL ran');
    const bad = sql.map((s) => ({ s, c: checkReadOnlySql(s) })).filter((x) => !x.c.ok);
    if (!bad.length) return pass(`${sql.length} statement${sql.length === 1 ? '' : 's'} parse and only read`);
    const first = bad[0];
    return fail(`"${clip(first.s, 80)}" ${first.c.ok ? '' : first.c.reason}`, 1 - bad.length / sql.length);
  },
});

export const sqlRegex = defineAssertion({
  type: 'sql-regex',
  description: 'Some SQL the agent ran matches the regular expression `value` (case-insensitive); `not-sql-regex`: none does.',
  config: z.object({
    value: regexSource,
    turn: z.union([turnOption, z.undefined()]),
  }),
  negatable: true,
  handle({ config, output }) {
    const sql = selectTurns(output, config.turn ?? 'all').flatMap((t) => t.sql);
    const re = new RegExp(config.value, 'i');
    const hit = sql.find((s) => re.test(s));
    return hit ? pass(`SQL matches /${config.value}/: "${clip(hit, 100)}"`) : fail(`no SQL matches /${config.value}/ (${sql.length} statement${sql.length === 1 ? '' : 's'} ran)`);
  },
});

async function run(sql: SqlClient, text: string): Promise<ResultSet> {
  const r = await sql.query<Record<string, unknown>>(text);
  const columns = r.fields.map((f) => f.name);
  // Rows by position: duplicate column names (two `count`s) must not collapse.
  return { columns, rows: r.rows.slice(0, GOLD_ROW_LIMIT).map((row) => (Array.isArray(row) ? row : columns.map((c) => row[c]))) };
}

export const sqlResultEquals = defineAssertion({
  type: 'sql-result-equals',
  description:
    "Runs the agent's last SQL and the `gold` SQL on the case's datasource and compares the result sets (execution accuracy): order-insensitive unless the gold orders, numbers within an absolute `tolerance` (default 1e-6), dates at midnight as days.",
  config: z.object({
    gold: z.string().min(1),
    tolerance: z.number().min(0).optional(),
    ordered: z.boolean().optional().describe('Override: compare row order (default: when the gold has a top-level ORDER BY)'),
    turn: turnOption,
  }),
  usesDatasource: true,
  async handle({ config, output, env }) {
    if (!env.datasource) return fail('the case has no datasource to run SQL on');
    const produced = selectTurns(output, config.turn).flatMap((t) => t.sql).at(-1);
    if (!produced) return fail(`no SQL ran in ${describeTurn(config.turn)}`);
    const gold = checkReadOnlySql(config.gold);
    if (!gold.ok) return fail(`the gold SQL ${gold.reason}`);
    const check = checkReadOnlySql(produced);
    if (!check.ok) return fail(`the produced SQL ${check.reason}: "${clip(produced, 100)}"`);
    let goldRows: ResultSet;
    try {
      goldRows = await run(env.datasource, cleanSql(config.gold));
    } catch (e) {
      return fail(`the gold SQL failed on the datasource: ${clip((e as Error).message, 120)}`);
    }
    let producedRows: ResultSet;
    try {
      producedRows = await run(env.datasource, cleanSql(produced));
    } catch (e) {
      return fail(`the produced SQL failed on the datasource: ${clip((e as Error).message, 120)}`);
    }
    const outcome = compareResultSets(goldRows, producedRows, { ordered: config.ordered ?? gold.ordered, tolerance: config.tolerance ?? 1e-6 });
    return outcome.equal ? pass(outcome.note) : fail(`${outcome.reason}; SQL: "${clip(produced, 120)}"`);
  },
});
