import { z } from 'zod';
import type { CampaignWriter } from './campaigns/draft/campaign-writer';
import { createDraftCampaignTool } from './campaigns/draft/draft-campaign';
import { createEditCampaignTool } from './campaigns/draft/edit-campaign';
import { createDescribeDataTool } from './describe-data/describe-data';
import { createForecastTool } from './forecast-tool/forecast-tool';
import { createLookupPaymentsTool } from './lookup-payments/lookup-payments';
import { createLookupSocialTool } from './lookup-social/lookup-social';
import { withAutoChart } from './make-chart/auto-chart';
import { createMakeChartTool } from './make-chart/make-chart';
import { createOfflineSqlWriter } from './query-data/offline-sql-writer';
import { createQueryDataTool } from './query-data/query-data';
import type { SqlWriter } from './query-data/sql-writer';
import { createRunSqlTool } from './run-sql/run-sql';
import { DEFAULT_SQL_LIMITS, type SqlLimits } from './sql/run-guarded';
import type { ParleyTool } from './types';

export * from './types';

/** What tools need from the server; every field has a working default. */
export interface ToolDeps {
  /** Writes SQL for query_data: a language model, or (default) the offline semantic parser. */
  sqlWriter?: SqlWriter;
  sqlLimits?: SqlLimits;
  /** Writes campaign drafts and edits: a language model; absent, the campaign tools fill templates and make only exact edits. */
  campaignWriter?: CampaignWriter;
}

/** The one tool registry. Every list of tools (bound to the model, offline routes) derives from it. */
export function createTools(deps: ToolDeps = {}): ParleyTool[] {
  const limits = deps.sqlLimits ?? DEFAULT_SQL_LIMITS;
  // Order matters to the offline planner: the first tool whose route matches answers. query_data
  // takes broad data questions and declines chart requests, which fall through to make_chart.
  // The campaign tools come first: "draft a campaign for our best-selling category" is not a data question.
  // The lookups come before it: "which payments failed this week?" is theirs, while totals split
  // by a column ("total refund amount by reason") they leave to query_data.
  const tools = [
    createDraftCampaignTool({ writer: deps.campaignWriter, limits }),
    createEditCampaignTool({ writer: deps.campaignWriter }),
    createDescribeDataTool(),
    createRunSqlTool({ limits }),
    createLookupPaymentsTool(),
    createLookupSocialTool(),
    createQueryDataTool({ writer: deps.sqlWriter ?? createOfflineSqlWriter(), limits }),
    createMakeChartTool(),
    createForecastTool({ limits }),
  ] as ParleyTool[];
  // Charts follow the answer: any tool's table gets a chart after it unless the user said otherwise.
  return tools.map((t) => withAutoChart(t));
}

/** The OpenAI-style function definition a model is given for a tool. */
export function toWireTool(tool: ParleyTool) {
  const parameters = z.toJSONSchema(tool.schema, { target: 'draft-7' }) as Record<string, unknown>;
  delete parameters.$schema;
  return { type: 'function' as const, function: { name: tool.name, description: tool.description, parameters } };
}
