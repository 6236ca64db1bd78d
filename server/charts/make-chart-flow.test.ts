import { afterAll, describe, expect, it } from 'vitest';
import { itWithFonts } from '../testing/describe-with';
import type { RunEvent } from '../../agent/events';
import { createChatModel } from '../../agent/models/index';
import type { createParley } from '../app';
import type { ChartArtifactData } from '../../tools/artifacts';
import { withAutoChart } from '../../tools/make-chart/auto-chart';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { createTableTestTool } from '../../tools/make-chart/testing/table-tool';
import { STORE_BACKENDS } from '../testing/databases';
import { askAndWait, recordEvents, startTestParley, type ClientSocket, type TestParley } from '../testing/harness';

type ArtifactEvent = Extract<RunEvent, { type: 'artifact' }>;

type Deps = Parameters<typeof createParley>[0];
function withSamples(deps: Deps): Deps {
  const tools = [...(deps.tools ?? []), withAutoChart(createTableTestTool({ walmartOpenings: FIXTURES.walmartOpenings, iowa: FIXTURES.iowa }))];
  // The offline planner's routes come from the tools, so it is rebuilt with the sample tool.
  return { ...deps, tools, model: deps.model?.offline ? createChatModel(deps.config.model, tools) : deps.model };
}

const ask = askAndWait;

const chartOf = (a: ArtifactEvent) => a.data as ChartArtifactData;

describe.each(STORE_BACKENDS)('make_chart in a conversation on %s', (backend) => {
  const started: TestParley[] = [];
  afterAll(async () => {
    for (const t of started) await t.destroy();
  });

  itWithFonts('a chart follows the table, then changes as asked: bar, only 2004, a bad column, a proposed spec', async () => {
    const t = await startTestParley({ backend, configure: withSamples });
    started.push(t);
    const mock = t.mock!;
    const s = await t.client();
    const rec = recordEvents(s);

    mock.enqueue({ toolCalls: [{ name: 'sample_table', args: { name: 'walmartOpenings' } }] }, { text: 'Here they are.' });
    const first = await ask(s, rec, 'Stores opened per year by state');
    const [table, auto] = first.artifacts;
    expect([table.kind, auto.kind]).toEqual(['table', 'chart']);
    expect(chartOf(auto).chartType).toBe('line');
    const conv = first.conversationId;

    mock.enqueue({ toolCalls: [{ name: 'make_chart', args: { request: 'make it a bar chart' } }] }, { text: 'Done.' });
    const bar = await ask(s, rec, 'make it a bar chart', conv);
    expect(bar.artifacts).toHaveLength(1);
    expect(chartOf(bar.artifacts[0])).toMatchObject({ chartType: 'bar', sourceArtifactId: table.id, options: { chartType: 'bar' } });
    // The model read back what was drawn.
    expect(JSON.stringify(mock.requests.at(-1)!.body.messages.at(-1))).toContain('Drew a bar chart');

    // The request comes from the question when the model does not pass one; the bar choice carries over.
    mock.enqueue({ toolCalls: [{ name: 'make_chart', args: {} }] }, { text: 'Done.' });
    const only = await ask(s, rec, 'only 2004', conv);
    const onlyChart = chartOf(only.artifacts[0]);
    expect(onlyChart).toMatchObject({ chartType: 'bar', options: { chartType: 'bar', only: '2004' } });
    const values = (onlyChart.spec.data as { values: { year: string }[] }).values;
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v.year.startsWith('2004'))).toBe(true);

    mock.enqueue({ toolCalls: [{ name: 'make_chart', args: { request: 'stack by country' } }] }, { text: 'There is no country column.' });
    const bad = await ask(s, rec, 'stack by country', conv);
    expect(bad.artifacts).toHaveLength(0);
    expect(bad.finished[0]).toMatchObject({ ok: false, error: expect.stringContaining('no column like "country"') });

    const invalid = { mark: 'bars', encoding: { x: { field: 'state' } } };
    mock.enqueue({ toolCalls: [{ name: 'make_chart', args: { spec: invalid, chartType: 'bar', top: 5 } }] }, { text: 'Done.' });
    const fallback = await ask(s, rec, 'top 5 states as bars', conv);
    expect(chartOf(fallback.artifacts[0]).chartType).toBe('bar');
    expect(fallback.finished[0].summary).toMatch(/proposed spec was not used \(not a valid Vega-Lite v6 spec/);

    const valid = { mark: 'point', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'stores_opened', type: 'quantitative' } } };
    mock.enqueue({ toolCalls: [{ name: 'make_chart', args: { spec: valid } }] }, { text: 'Done.' });
    const own = await ask(s, rec, 'dots per year please', conv);
    const ownChart = chartOf(own.artifacts[0]);
    expect(ownChart.chartType).toBe('scatter');
    // Its data was inlined from the table.
    expect((ownChart.spec.data as { values: unknown[] }).values).toHaveLength(FIXTURES.walmartOpenings().rows.length);
  });

  it('the offline planner charts on request: "chart it", "make it a bar chart"; "no chart" is honoured', async () => {
    const t = await startTestParley({ backend, model: 'offline', configure: withSamples });
    started.push(t);
    const s = await t.client();
    const rec = recordEvents(s);
    const plain = await ask(s, rec, 'show the iowa table, no chart');
    expect(plain.artifacts.map((a) => a.kind)).toEqual(['table']);
    const conv = plain.conversationId;

    const chart = await ask(s, rec, 'chart it', conv);
    expect(chart.artifacts.map((a) => a.kind)).toEqual(['chart']);
    expect(chartOf(chart.artifacts[0]).chartType).toBe('line');
    expect((chart.end as { text: string }).text).toMatch(/Drew a line chart/);

    const bar = await ask(s, rec, 'make it a bar chart', conv);
    expect(chartOf(bar.artifacts[0]).chartType).toBe('bar');
  });
});
