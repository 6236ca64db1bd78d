import type { Server as HttpServer } from 'node:http';
import { Writable } from 'node:stream';
import { Resvg } from '@resvg/resvg-js';
import type { Receiver } from '@slack/bolt';
import pino from 'pino';
import { z } from 'zod';
import { createChatModel } from '../../../agent/models/index';
import { startMockModelServer, type MockModelServer } from '../../../agent/testing/mock-model-server';
import type { BindingRole } from '../../../server/bindings/platform-bindings';
import type { ChatRuntime, SendInput } from '../../../server/runtime/chat-runtime';
import { startTestParley, type TestParley } from '../../../server/testing/harness';
import type { ChartArtifactData, TableArtifactData } from '../../../tools/artifacts';
import { defineTool, type ParleyTool } from '../../../tools/types';
import { campaignTool } from '../../../tools/campaigns/testing/campaign-tool';
import { createSlackChannel, type RenderChartPng, type SlackChannel } from '../index';
import { bindSlackTeam } from './bind';
import { startFakeSlackApi, type FakeSlackApi } from './fake-slack-api';

/** A table tool for tests: real SQL over the store (generate_series), so rows come from Postgres. */
export function tableTool(): ParleyTool {
  return defineTool({
    name: 'monthly_revenue',
    description: 'Revenue per month, as a table.',
    schema: z.object({ months: z.number().int().min(1).max(1000) }),
    async run(input, ctx) {
      const r = await ctx.datasource.sql.query<{ month: number; revenue: string }>(
        'SELECT n AS month, (n * 1000 + 0.5)::numeric AS revenue FROM generate_series(1, $1::int) AS n ORDER BY n',
        [input.months],
      );
      const data: TableArtifactData = {
        columns: [
          { name: 'month', kind: 'integer' },
          { name: 'revenue', kind: 'number', unit: 'currency', currency: 'USD' },
        ],
        rows: r.rows.map((row) => [row.month, Number(row.revenue)]),
        rowCount: r.rows.length,
        truncated: false,
        question: ctx.question,
      };
      return { ok: true, summary: `${r.rows.length} months of revenue`, artifacts: [{ kind: 'table', title: 'Revenue by month', data }] };
    },
  }) as ParleyTool;
}

/** A chart tool for tests: a Vega-Lite bar chart with its data inlined. */
export function chartTool(): ParleyTool {
  return defineTool({
    name: 'revenue_chart',
    description: 'Revenue per month, as a chart.',
    schema: z.object({ months: z.number().int().min(1).max(24) }),
    async run(input) {
      const values = Array.from({ length: input.months }, (_, i) => ({ month: i + 1, revenue: (i + 1) * 1000 }));
      const data: ChartArtifactData = {
        chartType: 'bar',
        spec: { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'Revenue by month', data: { values }, mark: 'bar', encoding: { x: { field: 'month', type: 'ordinal' }, y: { field: 'revenue', type: 'quantitative' } } },
      };
      return { ok: true, summary: 'Drew revenue by month', artifacts: [{ kind: 'chart', title: 'Revenue by month', data }] };
    },
  }) as ParleyTool;
}

/** Draws a real (tiny) PNG whose bars come from the spec's data: enough to prove the bytes reach Slack. */
export const renderTestPng: RenderChartPng = async (spec, size) => {
  const values = ((spec.data as { values?: { revenue: number }[] })?.values ?? []).map((v) => v.revenue);
  const max = Math.max(1, ...values);
  const bars = values.map((v, i) => `<rect x="${10 + i * 20}" y="${100 - (v / max) * 90}" width="15" height="${(v / max) * 90}" fill="#4c78a8"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width / 4}" height="${size.height / 4}" viewBox="0 0 200 110">${bars}</svg>`;
  return new Resvg(svg).render().asPng();
};

/** A bolt receiver that receives nothing by itself: tests hand bodies to `app.processEvent`. */
export class TestReceiver implements Receiver {
  init(): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export interface SlackParley {
  t: TestParley;
  fake: FakeSlackApi;
  mock: MockModelServer;
  /** Undefined when Slack stayed off. */
  channel?: SlackChannel;
  logs: Record<string, unknown>[];
  /** What Slack asked the runtime to run, in order (who, with which role, what). */
  sends: SendInput[];
  /** Feeds one request body to bolt; resolves with what it acknowledged. */
  feed(body: object): Promise<unknown[]>;
  destroy(): Promise<void>;
}

export async function startSlackParley(
  opts: {
    backend?: 'pglite' | 'postgres';
    env?: Record<string, string>;
    transport?: 'test' | 'real';
    renderChartPng?: RenderChartPng | null;
    before?: (fake: FakeSlackApi) => void;
    /** A server already listening, which Parley takes over (tests of what it answers while starting). */
    httpServer?: HttpServer;
    /** Slack teams an admin has bound to the local workspace before the test (default T1), with this default role. */
    teams?: string[];
    defaultRole?: BindingRole;
  } = {},
): Promise<SlackParley> {
  const fake = await startFakeSlackApi();
  opts.before?.(fake);
  const mock = await startMockModelServer();
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
      cb();
    },
  });
  let channel: SlackChannel | undefined;
  const sends: SendInput[] = [];
  const recording = (runtime: ChatRuntime): ChatRuntime =>
    Object.assign(Object.create(runtime) as ChatRuntime, {
      send: (input: SendInput) => {
        sends.push(input);
        return runtime.send(input);
      },
    });
  const factory = createSlackChannel({
    renderChartPng: opts.renderChartPng === null ? undefined : (opts.renderChartPng ?? renderTestPng),
    receiver: opts.transport === 'real' ? undefined : new TestReceiver(),
    // Quick retries keep failure tests short; 429s still wait as long as Slack asks.
    retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
    // The fake serves shared files from 127.0.0.1 (production takes files.slack.com only).
    fileTestHosts: [new URL(fake.url).host],
  });
  const t = await startTestParley({
    backend: opts.backend,
    mock,
    httpServer: opts.httpServer,
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: fake.apiUrl, ...opts.env },
    configure: (deps) => {
      const tools = [...(deps.tools ?? []), tableTool(), chartTool(), campaignTool()];
      return {
        ...deps,
        log: pino({ level: 'debug' }, sink),
        tools,
        model: createChatModel(deps.config.model, tools),
        channels: [(ctx) => (channel = factory({ ...ctx, runtime: recording(ctx.runtime) }) as SlackChannel | undefined) ?? null],
      };
    },
  });
  for (const team of opts.teams ?? ['T1']) await bindSlackTeam(t.parley.store.db.pool, team, { defaultRole: opts.defaultRole });
  return {
    t,
    fake,
    mock,
    channel,
    logs,
    sends,
    async feed(body) {
      if (!channel) throw new Error('Slack is off');
      const acks: unknown[] = [];
      await channel.app.processEvent({ body: body as Record<string, unknown>, ack: async (r?: unknown) => void acks.push(r ?? null) });
      return acks;
    },
    async destroy() {
      await t.destroy();
      await mock.close();
      await fake.close();
    },
  };
}
