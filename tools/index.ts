import { z } from 'zod';
import { createDescribeDataTool } from './describe-data/describe-data';
import { withAutoChart } from './make-chart/auto-chart';
import { createMakeChartTool } from './make-chart/make-chart';
import type { ParleyTool } from './types';

export * from './types';

/** The one tool registry. Every list of tools (bound to the model, offline routes) derives from it. */
export function createTools(): ParleyTool[] {
  const tools = [createDescribeDataTool(), createMakeChartTool()] as ParleyTool[];
  // Charts follow the answer: any tool's table gets a chart after it unless the user said otherwise.
  return tools.map((t) => withAutoChart(t));
}

/** The OpenAI-style function definition a model is given for a tool. */
export function toWireTool(tool: ParleyTool) {
  const parameters = z.toJSONSchema(tool.schema, { target: 'draft-7' }) as Record<string, unknown>;
  delete parameters.$schema;
  return { type: 'function' as const, function: { name: tool.name, description: tool.description, parameters } };
}
