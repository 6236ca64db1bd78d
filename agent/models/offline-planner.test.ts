import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { createTools, toWireTool } from '../../tools/index';
import { OfflinePlanner } from './offline-planner';

const tools = createTools();
const planner = new OfflinePlanner(tools.flatMap((t) => (t.offline ? [{ tool: t.name, ...t.offline }] : [])));
const model = planner.bindTools(tools.map(toWireTool));

async function next(messages: BaseMessage[]) {
  return (await model.invoke(messages)) as AIMessage;
}
const result = (name: string, id: string, body: object) => new ToolMessage({ name, tool_call_id: id, content: JSON.stringify(body) });

describe('the offline planner: two-step plans', () => {
  it('queries the history first, then forecasts, then summarises both', async () => {
    const q = new HumanMessage('forecast revenue for the next 3 months');
    const first = await next([q]);
    expect(first.tool_calls?.map((c) => [c.name, c.args])).toEqual([['query_data', { question: 'daily revenue' }]]);

    const afterQuery = [q, first, result('query_data', first.tool_calls![0].id!, { summary: '730 rows.', content: { columns: ['day', 'revenue'], rows: [['2026-01-01', 5]], sql: 'SELECT 1' } })];
    const second = await next(afterQuery);
    expect(second.tool_calls?.map((c) => [c.name, c.args])).toEqual([['forecast', { measure: 'revenue', horizon: 3, grain: 'month' }]]);

    const done = await next([...afterQuery, second, result('forecast', second.tool_calls![0].id!, { summary: 'Between $1 and $2 with 95% confidence.' })]);
    expect(done.tool_calls ?? []).toEqual([]);
    expect(String(done.content)).toContain('Between $1 and $2 with 95% confidence.');
    // The history query is said in one line; its rows are in its table, not repeated in the answer.
    expect(String(done.content)).toContain('730 rows.');
    expect(String(done.content)).not.toContain('SELECT 1');
  });

  it('stops after a failed first step and says why, without forecasting', async () => {
    const q = new HumanMessage('forecast weather for the next 3 days');
    const first = await next([q]);
    expect(first.tool_calls?.[0].name).toBe('query_data');
    const done = await next([q, first, result('query_data', first.tool_calls![0].id!, { error: 'no column means weather' })]);
    expect(done.tool_calls ?? []).toEqual([]);
    expect(String(done.content)).toMatch(/query_data step failed: no column means weather/);
  });

  it('"forecast this" forecasts the table the conversation has, in one step', async () => {
    const first = await next([new HumanMessage('forecast this')]);
    expect(first.tool_calls?.map((c) => [c.name, c.args])).toEqual([['forecast', {}]]);
  });
});
