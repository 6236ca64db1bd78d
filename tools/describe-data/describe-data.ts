import { z } from 'zod';
import { defineTool, type DataSourceHandle, type ToolResultForModel } from '../types';

const schema = z.object({
  table: z
    .string()
    .max(200)
    .optional()
    .describe('Only describe tables whose name contains this text (case-insensitive). Omit to list every table.'),
});

export interface DescribedTable {
  table: string;
  columns: { name: string; type: string }[];
}

export interface ColumnRow {
  table_schema: string;
  table_name: string;
  column_name: string;
  data_type: string;
}

/**
 * Every column of every table the agent may see in a datasource, in table order: from its cached
 * catalog when it has one, from information_schema otherwise. `tableLike` keeps tables whose name
 * contains it (case-insensitive).
 */
export async function readColumns(ds: DataSourceHandle, tableLike?: string): Promise<ColumnRow[]> {
  if (ds.catalog) {
    const needle = tableLike?.toLowerCase();
    return (await ds.catalog()).tables
      .filter((t) => !needle || t.name.toLowerCase().includes(needle))
      .flatMap((t) => t.columns.map((c) => ({ table_schema: t.schema, table_name: t.name, column_name: c.name, data_type: c.type })));
  }
  const { rows } = await ds.sql.query<ColumnRow>(
    `SELECT c.table_schema, c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = ANY($1::text[])
        AND ($2::text IS NULL OR c.table_name ILIKE '%' || $2 || '%')
      ORDER BY c.table_schema, c.table_name, c.ordinal_position`,
    [ds.schemas, tableLike ?? null],
  );
  return rows;
}

async function describe(ds: DataSourceHandle, tableLike?: string): Promise<DescribedTable[]> {
  const rows = await readColumns(ds, tableLike);
  const qualify = ds.schemas.length > 1;
  const tables = new Map<string, DescribedTable>();
  for (const r of rows) {
    const name = qualify ? `${r.table_schema}.${r.table_name}` : r.table_name;
    const t = tables.get(name) ?? { table: name, columns: [] };
    t.columns.push({ name: r.column_name, type: r.data_type });
    tables.set(name, t);
  }
  return [...tables.values()];
}

/** Lists the tables and columns the agent can query in the conversation's datasource and its files. */
export function createDescribeDataTool() {
  return defineTool({
    name: 'describe_data',
    description:
      'List the tables and columns available in the current datasource and in the conversation\'s uploaded files. Call this before writing a query when you are not sure which tables or columns exist.',
    schema,
    async run(input, ctx) {
      const list = await describe(ctx.datasource, input.table);
      // The conversation's files (and the database results loaded beside them) are listed too.
      const files = ctx.files ? await describe(ctx.files, input.table) : [];
      if (files.length) {
        const lines = (ts: DescribedTable[]) => ts.map((t) => t.table).join(', ') || 'none';
        return {
          ok: true,
          summary: `In "${ctx.datasource.name}": ${lines(list)}. In the uploaded files (query them with source "files"): ${lines(files)}.`,
          content: { datasource: ctx.datasource.name, tables: list, files: { datasource: ctx.files!.name, tables: files } },
        };
      }
      if (!list.length) {
        return input.table
          ? { ok: false, error: `no table in "${ctx.datasource.name}" matches "${input.table}"; call describe_data without a filter to see them all` }
          : { ok: true, summary: `The datasource "${ctx.datasource.name}" has no tables yet.`, content: { tables: [] } };
      }
      return {
        ok: true,
        summary: `${list.length} table${list.length === 1 ? '' : 's'} in "${ctx.datasource.name}": ${list.map((t) => t.table).join(', ')}.`,
        content: { datasource: ctx.datasource.name, tables: list },
      };
    },
    offline: {
      route(question) {
        return /\b(what|which)\b.*\b(data|tables?|columns?|datasets?|fields?)\b|\bdescribe\b|\bschema\b|\bwhat can i ask\b/i.test(question)
          ? {}
          : null;
      },
      summarize(result: ToolResultForModel) {
        const content = result.content as { datasource?: string; tables?: DescribedTable[]; files?: { datasource: string; tables: DescribedTable[] } } | undefined;
        const tables = content?.tables ?? [];
        const files = content?.files?.tables ?? [];
        if (!tables.length && !files.length) return result.summary ?? 'There are no tables to ask about yet.';
        const block = (ts: DescribedTable[], where: string) =>
          `You can ask about ${ts.length} table${ts.length === 1 ? '' : 's'} ${where}:\n${ts.map((t) => `- **${t.table}**: ${t.columns.map((c) => c.name).join(', ')}`).join('\n')}`;
        return [tables.length ? block(tables, `in "${content?.datasource}"`) : '', files.length ? block(files, 'in the uploaded files') : ''].filter(Boolean).join('\n\n');
      },
    },
  });
}
