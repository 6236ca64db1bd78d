import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastArtifactData } from '../../tools/artifacts';
import { itWithFonts } from '../testing/describe-with';
import { askAndWait, recordEvents, startTestParley, type ClientSocket, type TestParley } from '../testing/harness';
import { inkStats, pngSize } from './testing/png';


const ask = askAndWait;

describe('forecasting with the offline planner over the demo warehouse', () => {
  let t: TestParley;
  let s: ClientSocket;
  let rec: ReturnType<typeof recordEvents>;
  let first: Awaited<ReturnType<typeof ask>>;
  beforeAll(async () => {
    t = await startTestParley({ model: 'offline' });
    s = await t.client();
    rec = recordEvents(s);
    first = await ask(s, rec, 'forecast revenue for the next 3 months');
  }, 180_000);
  afterAll(async () => {
    await t?.destroy();
  });

  it('"forecast revenue for the next 3 months": the history query, then a forecast with a band around every step', () => {
    expect(first.end.type).toBe('message:completed');
    expect(first.tools).toEqual(['query_data', 'forecast']);
    const forecast = first.artifacts.find((a) => a.kind === 'forecast');
    expect(forecast).toBeDefined();
    // The history is drawn by the forecast: no separate chart of it.
    expect(first.artifacts.map((a) => a.kind)).toEqual(['table', 'forecast']);
    const d = forecast!.data as ForecastArtifactData;
    expect(d.grain).toBe('month');
    expect(d.series).toHaveLength(1);
    const s0 = d.series[0];
    expect(s0.forecast).toHaveLength(3);
    for (const p of s0.forecast) {
      expect(p.lower).toBeLessThanOrEqual(p.mean);
      expect(p.mean).toBeLessThanOrEqual(p.upper);
      expect(p.upper).toBeGreaterThan(p.lower);
    }
    // The month we are in is not over: never part of the history.
    const thisMonth = new Date().toISOString().slice(0, 7);
    expect(s0.history.some((h) => h.date.startsWith(thisMonth))).toBe(false);
    expect(s0.forecast[0].date.slice(0, 7)).toBe(thisMonth);
    expect(s0.method).toMatch(/^(combination|ets|autotheta|damped|snaive)$/);
    expect(s0.backtest).not.toBeNull();
    expect(first.text).toMatch(/between \$[\d,]+ and \$[\d,]+ with 95% confidence/);
  });

  itWithFonts('the forecast draws as a PNG on the server, as Slack and Teams get it', async () => {
    const forecast = first.artifacts.find((a) => a.kind === 'forecast')!;
    const res = await t.fetch(`/api/artifacts/${forecast.id}.png?width=800&height=450`);
    expect(res.status).toBe(200);
    const png = Buffer.from(await res.arrayBuffer());
    expect(pngSize(png)).toEqual({ width: 800, height: 450 });
    expect(inkStats(png).inkShare).toBeGreaterThan(0.01);
  });

  it('"what will orders be by region next quarter?": one forecast per region', async () => {
    const r = await ask(s, rec, 'what will orders be by region next quarter?');
    expect(r.tools).toEqual(['query_data', 'forecast']);
    const d = r.artifacts.find((a) => a.kind === 'forecast')!.data as ForecastArtifactData;
    expect(d.by).toBe('region');
    expect(d.series.map((x) => x.name).sort()).toEqual(['APAC', 'Europe', 'LATAM', 'North America']);
    expect(d.series.every((x) => x.forecast.length === 3)).toBe(true);
  });

  it('"forecast this" after a table forecasts that table', async () => {
    const table = await ask(s, rec, 'revenue by month');
    const tableArtifact = table.artifacts.find((a) => a.kind === 'table')!;
    const r = await ask(s, rec, 'forecast this', table.conversationId);
    expect(r.tools).toEqual(['forecast']);
    const d = r.artifacts.find((a) => a.kind === 'forecast')!.data as ForecastArtifactData;
    expect(d.sourceArtifactId).toBe(tableArtifact.id);
    expect(d.grain).toBe('month');
    expect(d.series[0].forecast.length).toBeGreaterThan(0);
  });
});
