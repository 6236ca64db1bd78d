import type { RunEventOf } from '../../agent/events';
import type { ChartArtifactData, ForecastArtifactData, TableArtifactData } from '../../tools/artifacts';
import { forecastTable } from '../../server/charts/forecast-table';
import { logSlackFailure, postNotice, type ReplyContext } from './reply-target';
import { tableToCsv } from '../../server/http/table-csv';
import { tableMessage } from './table-blocks';
import type { CampaignArtifactData } from '../../tools/campaigns/model';
import { campaignMessage } from './campaign-blocks';

/** Draws a Vega-Lite spec as a PNG (server/charts/render.ts). */
export type RenderChartPng = (spec: Record<string, unknown>, size: { width: number; height: number }) => Promise<Buffer>;

export const CHART_SIZE = { width: 800, height: 480 };

/** The rows a chart draws (its inlined `data.values`) as a table. */
export function chartDataTable(data: ChartArtifactData): TableArtifactData | null {
  const values = (data.spec.data as { values?: unknown } | undefined)?.values;
  if (!Array.isArray(values) || !values.length || typeof values[0] !== 'object') return null;
  const names = [...new Set(values.flatMap((v) => Object.keys(v as object)))];
  const rows = values.map((v) => names.map((n) => (v as Record<string, unknown>)[n] ?? null));
  const columns = names.map((name, i) => ({ name, kind: rows.every((r) => r[i] === null || typeof r[i] === 'number') ? ('number' as const) : ('string' as const) }));
  return { columns, rows, rowCount: rows.length, truncated: false };
}

function fileStem(title: string | undefined, fallback: string): string {
  const stem = (title ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return stem || fallback;
}

/**
 * Posts one artifact into the thread: a table as a table block (plus a CSV when it does not
 * fit), a chart as a PNG upload, a forecast as both: its chart and its steps. Failures are logged and told to the user in one short line.
 */
export async function postArtifact(ctx: ReplyContext, artifact: RunEventOf<'artifact'>, renderChartPng: RenderChartPng | undefined, links: { publicUrl?: () => string } = {}): Promise<void> {
  const { channel, threadTs } = ctx.target;
  if (artifact.kind === 'campaign') {
    // A summary card and a button to the web editor: Slack cannot edit a campaign in place.
    const msg = campaignMessage(artifact.data as CampaignArtifactData, { publicUrl: links.publicUrl?.() });
    try {
      await ctx.client.chat.postMessage({ channel, thread_ts: threadTs, text: msg.text, blocks: msg.blocks });
    } catch (e) {
      const f = logSlackFailure(ctx, 'chat.postMessage', e);
      await postNotice(ctx, `:warning: Parley could not show the campaign draft here (Slack said \`${f.error}\`).`);
    }
    return;
  }
  if (artifact.kind === 'table') {
    const data = artifact.data as TableArtifactData;
    const msg = tableMessage(data, artifact.title);
    try {
      await ctx.client.chat.postMessage({ channel, thread_ts: threadTs, text: msg.text, blocks: msg.blocks });
    } catch (e) {
      const f = logSlackFailure(ctx, 'chat.postMessage', e);
      await postNotice(ctx, `:warning: Parley could not show a table here (Slack said \`${f.error}\`).`);
    }
    if (msg.clipped) {
      try {
        await ctx.client.filesUploadV2({
          channel_id: channel,
          thread_ts: threadTs,
          content: tableToCsv(data),
          filename: `${fileStem(artifact.title ?? data.question, 'table')}.csv`,
          title: artifact.title ?? data.question ?? 'Table',
        });
      } catch (e) {
        const f = logSlackFailure(ctx, 'files.uploadV2', e);
        await postNotice(ctx, `:warning: Parley could not attach the full table as CSV (Slack said \`${f.error}\`).`);
      }
    }
    return;
  }
  if (artifact.kind === 'chart') {
    const data = artifact.data as ChartArtifactData;
    if (!renderChartPng) {
      // Without a renderer the chart's numbers still reach the thread, as a table.
      const table = chartDataTable(data);
      if (table) await postArtifact(ctx, { ...artifact, kind: 'table', data: table }, undefined);
      return;
    }
    let png: Buffer;
    try {
      png = await renderChartPng(data.spec, CHART_SIZE);
    } catch (e) {
      ctx.log.error({ err: e, artifactId: artifact.id }, 'chart could not be rendered for Slack');
      await postNotice(ctx, ':warning: Parley could not draw this chart as an image.');
      return;
    }
    try {
      await ctx.client.filesUploadV2({
        channel_id: channel,
        thread_ts: threadTs,
        file: png,
        filename: `${fileStem(artifact.title, 'chart')}.png`,
        title: artifact.title ?? 'Chart',
        alt_text: artifact.title ?? `A ${data.chartType} chart`,
      });
    } catch (e) {
      const f = logSlackFailure(ctx, 'files.uploadV2', e);
      await postNotice(ctx, `:warning: Parley could not upload the chart (Slack said \`${f.error}\`).`);
    }
    return;
  }
  if (artifact.kind === 'forecast') {
    const data = artifact.data as ForecastArtifactData;
    // The chart (history, dashed forecast, band) as an image, then the steps and their interval as a table.
    if (renderChartPng && data.spec) await postArtifact(ctx, { ...artifact, kind: 'chart', data: { chartType: 'line', spec: data.spec } satisfies ChartArtifactData }, renderChartPng);
    await postArtifact(ctx, { ...artifact, kind: 'table', title: `${artifact.title ?? 'Forecast'}: the numbers`, data: forecastTable(data) }, undefined);
    return;
  }
  ctx.log.debug({ kind: artifact.kind, artifactId: artifact.id }, 'Slack does not render this artifact kind');
}
