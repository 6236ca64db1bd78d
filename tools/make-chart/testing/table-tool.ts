import { z } from 'zod';
import type { TableArtifactData } from '../../artifacts';
import { defineTool, type ParleyTool } from '../../types';

/**
 * A small real tool for tests: returns a table artifact (built from a real data set) the way
 * the SQL tool does, so tests can drive charts end to end without that tool.
 */
export function createTableTestTool(tables: Record<string, () => TableArtifactData>): ParleyTool {
  const names = Object.keys(tables) as [string, ...string[]];
  return defineTool({
    name: 'sample_table',
    description: 'Returns one of the sample tables by name.',
    schema: z.object({ name: z.enum(names) }),
    async run(input, ctx) {
      const table = { ...tables[input.name](), question: ctx.question };
      return { ok: true, summary: `${table.rows.length} rows of ${input.name}.`, content: { columns: table.columns.map((c) => c.name) }, artifacts: [{ kind: 'table', title: input.name, data: table }] };
    },
    offline: {
      route(question) {
        const name = names.find((n) => question.toLowerCase().includes(n.toLowerCase()));
        return name ? { name } : null;
      },
    },
  }) as ParleyTool;
}
