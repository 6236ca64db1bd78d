import { describe, expect, it } from 'vitest';
import type { ChartArtifactData } from '../artifacts';
import type { ParleyTool, ToolContext } from '../types';
import { withAutoChart } from './auto-chart';
import { FIXTURES } from './testing/fixtures';
import { createTableTestTool } from './testing/table-tool';

function context(question: string): ToolContext {
  const noop = () => undefined;
  return {
    workspaceId: 'w',
    userId: 'u',
    conversationId: 'c',
    runId: 'r',
    callId: 'k',
    question,
    datasource: { id: 'd', name: 'd', kind: 'postgres', schemas: [], sql: { query: async () => ({ rows: [], fields: [], rowCount: 0 }) } },
    artifacts: { get: async () => undefined, latest: async () => undefined },
    signal: new AbortController().signal,
    progress: noop,
    log: { info: noop, warn: noop, error: noop },
    now: () => new Date(),
  };
}

const tool = withAutoChart(createTableTestTool(FIXTURES));

describe('withAutoChart: charts follow the answer', () => {
  it.each([
    ['stocks', 'Stock prices over time', 'line'],
    ['weatherDays', 'How many days of each weather type?', 'bar'],
    ['weatherDays', 'What share of days had each weather type?', 'donut'],
    ['totalRevenue', 'What is our total revenue?', 'kpi'],
    ['tips', 'tips against bills', 'scatter'],
    ['iowa', 'net generation per year, stacked by source', 'area'],
    ['weatherByMonth', 'average high by month as a bar chart', 'bar'],
  ])('%s, "%s" → table then a %s chart', async (name, question, type) => {
    const r = await tool.run({ name }, context(question));
    if (!r.ok) throw new Error(r.error);
    expect(r.artifacts?.map((a) => a.kind)).toEqual(['table', 'chart']);
    expect((r.artifacts![1].data as ChartArtifactData).chartType).toBe(type);
    expect(r.summary).toMatch(new RegExp(`Shown as a ${type} chart`));
  });

  it.each(['stock prices, no chart', 'stock prices — just the table', 'stock prices as a table'])('"%s" → the table alone', async (question) => {
    const r = await tool.run({ name: 'stocks' }, context(question));
    expect(r.ok && r.artifacts?.map((a) => a.kind)).toEqual(['table']);
  });

  it.each(['namesOnly', 'numbersOnly', 'empty'])('%s does not suit a chart → the table alone', async (name) => {
    const r = await tool.run({ name }, context('list them'));
    expect(r.ok && r.artifacts?.map((a) => a.kind)).toEqual(['table']);
  });

  it('leaves failures and tools without tables alone', async () => {
    const failing = withAutoChart<ParleyTool>({ ...createTableTestTool(FIXTURES), run: async () => ({ ok: false as const, error: 'no such table' }) });
    expect(await failing.run({ name: 'stocks' }, context('x'))).toEqual({ ok: false, error: 'no such table' });
  });
});
