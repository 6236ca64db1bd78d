import { Resvg } from '@resvg/resvg-js';
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import type { ChartArtifactData, TableArtifactData } from '../../../tools/artifacts';
import { defineTool, type ParleyTool } from '../../../tools/types';
import type { RenderChartPng } from '../chart-images';

/** A tool that reads real rows from the conversation's datasource and returns them as a table artifact. */
export const sampleTableTool = defineTool({
  name: 'sample_table',
  description: 'Returns numbered sample rows as a table.',
  schema: z.object({ rows: z.number().int().min(1).max(1000) }),
  async run(input, ctx) {
    const r = await ctx.datasource.sql.query<{ n: number; label: string; amount: string }>(
      `SELECT g AS n, 'item ' || g AS label, (g * 1.5)::numeric AS amount FROM generate_series(1, $1::int) g ORDER BY g`,
      [input.rows],
    );
    const data: TableArtifactData = {
      columns: [
        { name: 'n', kind: 'integer' },
        { name: 'label', kind: 'string' },
        { name: 'amount', kind: 'number', unit: 'currency', currency: 'USD' },
      ],
      rows: r.rows.map((x) => [x.n, x.label, x.amount]),
      rowCount: r.rows.length,
      truncated: false,
    };
    return { ok: true, summary: `${r.rows.length} rows`, artifacts: [{ kind: 'table', title: 'Sample rows', data }] };
  },
}) as ParleyTool;

/** A tool that returns a bar chart artifact. */
export const sampleChartTool = defineTool({
  name: 'sample_chart',
  description: 'Returns a bar chart.',
  schema: z.object({}),
  async run() {
    const data: ChartArtifactData = {
      chartType: 'bar',
      spec: { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', mark: 'bar', data: { values: [{ k: 'a', v: 3 }, { k: 'b', v: 5 }] }, encoding: { x: { field: 'k' }, y: { field: 'v', type: 'quantitative' } } },
    };
    return { ok: true, summary: 'a chart', artifacts: [{ kind: 'chart', title: 'Sales by region', data }] };
  },
}) as ParleyTool;

/** A real PNG renderer for tests: one bar per data value, drawn as SVG and rasterised by resvg. */
export const renderTestPng: RenderChartPng = async (spec, size) => {
  const values = ((spec.data as { values?: { v: number }[] } | undefined)?.values ?? []).map((d) => d.v);
  const bars = values.map((v, i) => `<rect x="${10 + i * 30}" y="${size.height - v * 10}" width="20" height="${v * 10}" fill="#4c78a8"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">${bars}</svg>`;
  return Buffer.from(new Resvg(svg).render().asPng());
};

export const BOT = { id: '28:parley-bot', name: 'Parley' };

/** The Entra tenant test messages come from (an admin binds it first: testing/bind.ts). */
export const TENANT = 'c0a5e6f1-3b7d-4e2a-9f10-6d8e2b4c7a01';

/** An incoming Teams message as Bot Framework delivers it. */
export function teamsMessage(o: {
  text: string;
  conversationId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  user?: { id: string; aadObjectId?: string; name: string };
  mention?: boolean;
  tenantId?: string;
}): Partial<Activity> {
  const tenant = o.tenantId ?? TENANT;
  const user = o.user ?? { id: '29:user-dana', aadObjectId: 'aad-dana', name: 'Dana Manager' };
  return {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    text: o.mention ? `<at>${BOT.name}</at> ${o.text}` : o.text,
    from: user,
    recipient: BOT,
    conversation: { id: o.conversationId, conversationType: o.conversationType, tenantId: tenant, isGroup: o.conversationType !== 'personal' } as Activity['conversation'],
    entities: o.mention ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] : [],
    channelData: { tenant: { id: tenant } },
  };
}
