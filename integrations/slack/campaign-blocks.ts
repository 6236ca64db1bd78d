import type { KnownBlock } from '@slack/types';
import type { CampaignArtifactData } from '../../tools/campaigns/model';
import { editorUrl, summarizeCampaign } from '../../tools/campaigns/summary';

/** Block Kit limits this message keeps under: header 150 chars, section text 3000, a field 2000, a button label 75, a URL 3000, 50 blocks. */
const HEADER_CHARS = 150;
const LINE_CHARS = 300;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Ad copy is the marketer's (or the model's) text: Slack must not read `<!channel>`, `<https://…|…>` or `*bold*` in it. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([*_~`])/g, '\u200b$1\u200b');
}

export interface CampaignMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A campaign artifact as one Slack message: platform, budget, shape, the first ads, the checks, and a button to the editor. */
export function campaignMessage(data: CampaignArtifactData, o: { publicUrl?: string }): CampaignMessage {
  const s = summarizeCampaign(data);
  const url = o.publicUrl ? editorUrl(o.publicUrl, data.editorPath) : null;
  const checks =
    s.checks.errors === 0 && s.checks.warnings === 0
      ? ':white_check_mark: All checks passed.'
      : `${s.checks.errors ? `:x: ${s.checks.errors} error${s.checks.errors === 1 ? '' : 's'}` : ':white_check_mark: No errors'}${s.checks.warnings ? ` · :warning: ${s.checks.warnings} warning${s.checks.warnings === 1 ? '' : 's'}` : ''}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Campaign draft: ${s.name}`, HEADER_CHARS) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Platform*\n${s.platform}` },
        { type: 'mrkdwn', text: `*Budget*\n${escapeMrkdwn(s.budget)}` },
        { type: 'mrkdwn', text: `*Structure*\n${s.structure}` },
        { type: 'mrkdwn', text: `*Status*\n${s.allPaused ? 'Everything paused' : 'Some parts enabled'}` },
      ],
    },
    ...s.ads.map(
      (ad): KnownBlock => ({
        type: 'section',
        text: { type: 'mrkdwn', text: clip(`*${escapeMrkdwn(clip(ad.label, 200))}*\n${ad.lines.map((l) => `• ${escapeMrkdwn(clip(l, LINE_CHARS))}`).join('\n')}`, 3000) },
      }),
    ),
    ...(s.moreAds ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${s.moreAds} more ad${s.moreAds === 1 ? '' : 's'} in the editor.` }] } as KnownBlock] : []),
    { type: 'section', text: { type: 'mrkdwn', text: clip([`*Checks* (rules ${data.rulesVersion}): ${checks}`, ...s.checks.first.map((f) => `${f.severity === 'error' ? ':x:' : ':warning:'} ${escapeMrkdwn(clip(f.message, LINE_CHARS))}`)].join('\n'), 3000) } },
    ...(url
      ? [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in the editor' }, url, action_id: 'parley_open_campaign_editor', ...(s.checks.errors === 0 ? { style: 'primary' } : {}) }] } as KnownBlock]
      : [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Open the conversation in Parley’s web app to edit this draft.' }] } as KnownBlock]),
  ];
  const text = `Campaign draft "${s.name}" (${s.platform}, ${s.budget}): ${s.checks.errors} errors, ${s.checks.warnings} warnings${url ? `. Edit it: ${url}` : ''}`;
  return { text: clip(text, 3000), blocks };
}
