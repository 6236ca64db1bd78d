import type { Attachment } from 'botbuilder';
import type { RunEvent, RunEventOf } from '../../agent/events';
import { forecastTable } from '../../server/charts/forecast-table';
import type { ChartArtifactData, ForecastArtifactData, TableArtifactData } from '../../tools/artifacts';
import type { ArtifactLinks } from './artifact-links';
import { chartCard, noteCard, tableCard } from './cards';
import type { CampaignArtifactData } from '../../tools/campaigns/model';
import { campaignCard } from './campaign-card';

export interface ReplyOptions {
  links: ArtifactLinks;
  /** False when no chart renderer is wired: charts then get a note instead of an image. */
  chartImages: boolean;
  /** Where people reach Parley's web app, for links such as a campaign's editor. */
  publicUrl?: () => string;
}

/** The words that end a reply, from the run's terminal event. */
export function closingText(text: string, terminal: RunEvent | undefined, stoppedByUser: boolean): string {
  if (!terminal || terminal.type === 'message:completed') {
    const words = terminal?.type === 'message:completed' ? terminal.text : text;
    return words.trim() ? words : 'Parley finished without writing an answer.';
  }
  if (terminal.type === 'run:error') return `${text ? `${text}\n\n` : ''}⚠️ ${terminal.message}`;
  if (stoppedByUser) return text;
  return `${text ? `${text}\n\n` : ''}_(Stopped.)_`;
}

/** Cards for the artifacts a run produced, in the order they came. */
export function artifactCards(artifacts: RunEventOf<'artifact'>[], o: ReplyOptions): Attachment[] {
  return artifacts.flatMap((a) => {
    if (a.kind === 'forecast') {
      // The chart (history, dashed forecast, band) as an image, then the steps and their interval.
      const data = a.data as ForecastArtifactData;
      const steps = tableCard(forecastTable(data), { title: `${a.title ?? 'Forecast'}: the numbers`, csvUrl: o.links.csv(a.id) });
      return o.chartImages && data.spec ? [chartCard({ title: a.title, imageUrl: o.links.chartPng(a.id) }), steps] : [steps];
    }
    if (a.kind === 'campaign') return campaignCard(a.data as CampaignArtifactData, { publicUrl: o.publicUrl?.() });
    if (a.kind === 'table') return tableCard(a.data as TableArtifactData, { title: a.title, csvUrl: o.links.csv(a.id) });
    if (a.kind === 'chart' && o.chartImages && (a.data as ChartArtifactData | undefined)?.spec) return chartCard({ title: a.title, imageUrl: o.links.chartPng(a.id) });
    if (a.kind === 'chart') return noteCard({ title: a.title, note: 'This chart cannot be shown as an image here; open the conversation in Parley\'s web app to see it.' });
    return noteCard({ title: a.title, note: `A ${a.kind} is ready; open the conversation in Parley's web app to see it in full.` });
  });
}
