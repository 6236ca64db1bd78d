import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itWithFonts } from '../testing/describe-with';
import type { RunEvent } from '../../agent/events';
import type { ChartArtifactData } from '../../tools/artifacts';
import { withAutoChart } from '../../tools/make-chart/auto-chart';
import { FIXTURES } from '../../tools/make-chart/testing/fixtures';
import { createTableTestTool } from '../../tools/make-chart/testing/table-tool';
import { inkStats, pngSize } from '../charts/testing/png';
import { STORE_BACKENDS } from '../testing/databases';
import { recordEvents, request, startTestParley, type TestParley } from '../testing/harness';

type ArtifactEvent = Extract<RunEvent, { type: 'artifact' }>;

describe.each(STORE_BACKENDS)('chart images over HTTP on %s', (backend) => {
  let t: TestParley;
  let chart: ArtifactEvent;
  let table: ArtifactEvent;

  beforeAll(async () => {
    t = await startTestParley({
      backend,
      configure: (deps) => ({ ...deps, tools: [...(deps.tools ?? []), withAutoChart(createTableTestTool({ weatherByMonth: FIXTURES.weatherByMonth }))] }),
    });
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_table', args: { name: 'weatherByMonth' } }] }, { text: 'Here is the high temperature by month.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const ack = await request(s, 'chat:send', { text: 'What was the average high temperature by month?' });
    if (!('data' in ack)) throw new Error(JSON.stringify(ack));
    await rec.terminal(ack.data.runId);
    const artifacts = rec.ofRun(ack.data.runId).filter((e): e is ArtifactEvent => e.type === 'artifact');
    expect(artifacts.map((a) => a.kind)).toEqual(['table', 'chart']);
    [table, chart] = artifacts;
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('the chart followed the table: a line over months', () => {
    const data = chart.data as ChartArtifactData;
    expect(data.chartType).toBe('line');
    expect(chart.title).toBe('What was the average high temperature by month');
  });

  itWithFonts.each([
    ['', 800, 450],
    ['?width=640&height=360', 640, 360],
    ['?width=600&height=300&scale=2', 1200, 600],
  ])('GET /api/artifacts/:id.png%s → a PNG of %i×%i that is not blank', async (query, w, h) => {
    const res = await t.fetch(`/api/artifacts/${chart.id}.png${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(pngSize(png)).toEqual({ width: w, height: h });
    expect(inkStats(png).inkShare).toBeGreaterThan(0.01);
  });

  it('GET /api/artifacts/:id.svg → SVG with the line, its points and the title', async () => {
    const res = await t.fetch(`/api/artifacts/${chart.id}.svg?width=700&height=400`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg[^>]*width="700"[^>]*height="400"/);
    expect(svg).toContain('mark-line');
    expect(svg).toContain('>What was the average high temperature by month<');
  });

  it('a table id gives the chart Parley would choose for it', async () => {
    const res = await t.fetch(`/api/artifacts/${table.id}.svg`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('mark-line');
  });

  it('the plain artifact route still answers JSON', async () => {
    const res = await t.fetch(`/api/artifacts/${chart.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { kind: string } }).data.kind).toBe('chart');
  });

  it.each([
    ['?width=5', 400, /width must be at least 100/],
    ['?height=abc', 400, /height/],
    ['?scale=9', 400, /scale must be at most 2/],
    ['?color=red', 400, /color/],
  ])('bad query %s → %i with a specific message', async (query, status, message) => {
    const res = await t.fetch(`/api/artifacts/${chart.id}.png${query}`);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('input:invalid');
    expect(body.error.message).toMatch(message);
  });

  it('an unknown id → 404', async () => {
    const res = await t.fetch(`/api/artifacts/nope.png`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('artifact:not_found');
  });
});
