import { describe, expect, it } from 'vitest';
import type { CaseOutput, TurnTranscript } from '../types';
import { ASSERTIONS, ASSERTION_TYPES, DATASOURCE_TYPES, MODEL_GRADED_TYPES } from './registry';
import type { AssertionEnv } from './types';

function turn(p: Partial<TurnTranscript>): TurnTranscript {
  return {
    user: 'q',
    runId: 'r',
    status: 'completed',
    text: '',
    toolCalls: [],
    artifacts: [],
    sql: [],
    usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
    latencyMs: 100,
    events: [],
    ...p,
  };
}

const answer: CaseOutput = {
  turns: [
    turn({
      user: 'revenue by region?',
      text: 'Revenue was 1,200 in Europe.',
      toolCalls: [
        { callId: 'a', name: 'describe_data', input: {}, ok: true, summary: '3 tables' },
        { callId: 'b', name: 'query_data', input: { question: 'Revenue by Region' }, ok: true, summary: 'one row' },
      ],
      artifacts: [{ id: 't', kind: 'table', data: { columns: [], rows: [], rowCount: 0, truncated: false, sql: 'SELECT 1' } }],
      sql: ['SELECT region, sum(amount) FROM orders GROUP BY region'],
    }),
    turn({
      user: 'as a chart',
      text: '{"total": 1200, "unit": "EUR"}',
      toolCalls: [{ callId: 'c', name: 'make_chart', input: { type: 'bar' }, ok: false, error: 'no table' }],
      artifacts: [{ id: 'c1', kind: 'chart', data: { chartType: 'bar', spec: {} } }],
      latencyMs: 250,
    }),
  ],
};
const failedRun: CaseOutput = { turns: [turn({ status: 'error', error: { code: 'model:failed', message: 'x' }, sql: ['DROP TABLE orders'] })] };

type Row = [type: string, config: Record<string, unknown>, output: CaseOutput, expected: 'pass' | 'fail' | 'skip', reason: RegExp];

/** Every registered type appears here with at least one passing and one failing row. */
/** A turn whose table came from a file: one row. */
const fileAnswer: CaseOutput = {
  turns: [turn({ artifacts: [{ id: 'f', kind: 'table', data: { columns: [{ name: 'city', kind: 'string' }, { name: 'n', kind: 'integer' }], rows: [['Oslo', 42]], rowCount: 1, truncated: false } }] })],
};

const ROWS: Row[] = [
  ['equals', { value: ' {"total": 1200, "unit": "EUR"} ' }, answer, 'pass', /equals/],
  ['equals', { value: 'Revenue', turn: 1 }, answer, 'fail', /turn 1 is "Revenue was/],
  ['not-equals', { value: 'nope' }, answer, 'pass', /as required/],
  ['not-equals', { value: '{"total": 1200, "unit": "EUR"}' }, answer, 'fail', /but/],
  ['contains', { value: 'Europe', turn: 1 }, answer, 'pass', /contains "Europe"/],
  ['contains', { value: 'europe', turn: 1 }, answer, 'fail', /does not contain/],
  ['not-contains', { value: 'DROP', turn: 'all' }, answer, 'pass', /as required/],
  ['not-contains', { value: 'Europe', turn: 'all' }, answer, 'fail', /but/],
  ['icontains', { value: 'EUROPE', turn: 1 }, answer, 'pass', /any case/],
  ['icontains', { value: 'asia', turn: 'all' }, answer, 'fail', /does not contain/],
  ['not-icontains', { value: 'ASIA' }, answer, 'pass', /as required/],
  ['not-icontains', { value: 'eur' }, answer, 'fail', /but/],
  ['regex', { value: '\\d,\\d{3}', turn: 1 }, answer, 'pass', /matches/],
  ['regex', { value: '^revenue', turn: 1 }, answer, 'fail', /does not match/],
  ['regex', { value: '^revenue', flags: 'i', turn: 1 }, answer, 'pass', /matches/],
  ['not-regex', { value: 'system prompt' }, answer, 'pass', /as required/],
  ['not-regex', { value: 'EUR' }, answer, 'fail', /but/],
  ['json-schema', { schema: { type: 'object', required: ['total'], properties: { total: { type: 'number' } } } }, answer, 'pass', /valid/],
  ['json-schema', { schema: { type: 'object', required: ['total'] }, turn: 1 }, answer, 'fail', /not JSON/],
  ['json-schema', { schema: { type: 'object', required: ['chartType'] }, artifact: 'chart' }, answer, 'pass', /valid/],
  ['json-schema', { schema: { type: 'object', required: ['missing'] }, artifact: 'chart' }, answer, 'fail', /must have required property 'missing'/],
  ['tool-called', { name: 'query_data', turn: 1 }, answer, 'pass', /called query_data/],
  ['tool-called', { name: 'query_data', args: { question: 'revenue by region' }, turn: 1 }, answer, 'pass', /with/],
  ['tool-called', { name: 'query_data', args: { question: 'margin' }, turn: 1 }, answer, 'fail', /never with/],
  ['tool-called', { name: 'query_data' }, answer, 'fail', /did not call query_data; calls: make_chart/],
  ['not-tool-called', { name: 'run_sql', turn: 'all' }, answer, 'pass', /as required/],
  ['not-tool-called', { name: 'describe_data', turn: 'all' }, answer, 'fail', /but/],
  ['tool-sequence', { sequence: ['describe_data', 'make_chart'] }, answer, 'pass', /in order/],
  ['tool-sequence', { sequence: ['make_chart', 'describe_data'] }, answer, 'fail', /matched 1 of 2/],
  ['tool-sequence', { sequence: ['describe_data', 'query_data'], exact: true, turn: 1 }, answer, 'pass', /exact/],
  ['tool-sequence', { sequence: ['describe_data'], exact: true }, answer, 'fail', /expected exactly/],
  ['sql-valid', {}, answer, 'pass', /1 statement parse and only read/],
  ['sql-valid', {}, failedRun, 'fail', /DELETE|DROP/],
  ['sql-valid', { turn: 2 }, answer, 'fail', /no SQL ran/],
  ['sql-valid', { turn: 2, allowNone: true }, answer, 'pass', /allowed/],
  ['sql-regex', { value: 'group by region' }, answer, 'pass', /SQL matches/],
  ['sql-regex', { value: '\\bdrop\\b' }, answer, 'fail', /no SQL matches .*1 statement ran/],
  ['not-sql-regex', { value: '\\b(delete|drop)\\b' }, answer, 'pass', /as required/],
  ['not-sql-regex', { value: '\\bdrop\\b' }, failedRun, 'fail', /but SQL matches/],
  ['chart-type', { chartType: 'bar' }, answer, 'pass', /chart is a bar/],
  ['chart-type', { chartType: ['line', 'area'] }, answer, 'fail', /expected line or area/],
  ['chart-type', { chartType: 'bar', turn: 1 }, answer, 'fail', /no chart/],
  ['not-chart-type', { chartType: 'donut' }, answer, 'pass', /as required/],
  ['not-chart-type', { chartType: 'bar' }, answer, 'fail', /but/],
  ['artifact-kind', { kind: 'table', turn: 1 }, answer, 'pass', /produced a table/],
  ['artifact-kind', { kind: 'table' }, answer, 'fail', /no table; artifacts: chart/],
  ['not-artifact-kind', { kind: 'campaign', turn: 'all' }, answer, 'pass', /as required/],
  ['not-artifact-kind', { kind: 'chart' }, answer, 'fail', /but/],
  ['latency-ms', { max: 400 }, answer, 'pass', /350 ms ≤ 400 ms/],
  ['latency-ms', { max: 300 }, answer, 'fail', /350 ms > 300 ms/],
  ['tokens', { max: 30 }, answer, 'pass', /30 total tokens ≤ 30/],
  ['tokens', { max: 15, kind: 'input' }, answer, 'fail', /20 input tokens > 15/],
  ['no-error', {}, answer, 'pass', /every turn completed/],
  ['no-error', { tools: true }, answer, 'fail', /make_chart \(no table\)/],
  ['no-error', {}, failedRun, 'fail', /turn 1 ended error: model:failed/],
  ['llm-rubric', { rubric: 'names a region' }, answer, 'skip', /no judge model configured/],
  // sql-result-equals needs a datasource: its database rows are in sql.test.ts; without one it fails clearly.
  ['sql-result-equals', { gold: 'SELECT 1' }, answer, 'fail', /no datasource/],
  // file-result-equals runs its gold in DuckDB itself: against turn 1's (empty) table.
  ['file-result-equals', { gold: "SELECT 'Oslo' AS city, 42 AS n" }, fileAnswer, 'pass', /./],
  ['file-result-equals', { gold: "SELECT 'Oslo' AS city, 41 AS n" }, fileAnswer, 'fail', /41|42/],
  ['file-result-equals', { gold: 'SELECT 42' }, answer, 'fail', /no table was produced in the last turn/],
];

describe('assertion registry', () => {
  it.each(ROWS)('%s %j → %s', async (type, config, output, expected, reason) => {
    const def = ASSERTIONS.get(type)!;
    expect(def, `${type} is registered`).toBeTruthy();
    const parsed = def.config.parse(config);
    const r = await def.handle({ config: parsed, output, env: {} });
    expect(r.skipped ? 'skip' : r.pass ? 'pass' : 'fail').toBe(expected);
    expect(r.reason).toMatch(reason);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
  });

  it('has a passing and a failing row above for every registered type (llm-rubric: with a judge below)', () => {
    for (const type of ASSERTION_TYPES) {
      const outcomes = new Set(ROWS.filter((r) => r[0] === type).map((r) => r[3]));
      if (type === 'llm-rubric' || type === 'sql-result-equals') expect(outcomes.size, type).toBeGreaterThan(0);
      else expect([...outcomes].sort(), type).toEqual(['fail', 'pass']);
    }
  });

  it('derives its lists from the definitions', () => {
    expect(MODEL_GRADED_TYPES).toEqual(['llm-rubric']);
    expect(DATASOURCE_TYPES).toEqual(['sql-result-equals', 'file-result-equals']);
    for (const base of ['equals', 'contains', 'icontains', 'regex', 'tool-called', 'artifact-kind', 'chart-type', 'sql-regex']) {
      expect(ASSERTION_TYPES).toContain(`not-${base}`);
    }
  });

  it('llm-rubric asks the judge with the question and answer and applies the threshold', async () => {
    const asked: unknown[] = [];
    const env: AssertionEnv = {
      judge: async (input) => {
        asked.push(input);
        return { pass: true, score: 0.6, reason: 'mentions Europe' };
      },
    };
    const def = ASSERTIONS.get('llm-rubric')!;
    const r = await def.handle({ config: { rubric: 'names a region', turn: 1 }, output: answer, env });
    expect(r).toMatchObject({ pass: true, score: 0.6, reason: 'judge: mentions Europe' });
    expect(asked).toEqual([{ rubric: 'names a region', question: 'revenue by region?', answer: 'Revenue was 1,200 in Europe.' }]);
    const strict = await def.handle({ config: { rubric: 'names a region', threshold: 0.8 }, output: answer, env });
    expect(strict.pass).toBe(false);
  });
});
