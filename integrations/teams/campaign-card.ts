import type { Attachment } from 'botbuilder';
import type { CampaignArtifactData } from '../../tools/campaigns/model';
import { editorUrl, summarizeCampaign } from '../../tools/campaigns/summary';
import { card } from './cards';

/** Long copy is clipped so the card stays far under Teams' ~28 KB message limit. */
const LINE_CHARS = 300;
const clip = (s: string, n = LINE_CHARS) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Ad copy goes in TextRuns, which Teams shows as written: a TextBlock would read markdown in it,
 * so a headline like `[Win](https://evil.example)` would become a link.
 */
function plain(text: string, style: Record<string, unknown> = {}, block: Record<string, unknown> = {}) {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text, ...style }], ...block };
}

/** A campaign artifact as an Adaptive Card: platform, budget, shape, the first ads, the checks, and a button to the web editor. */
export function campaignCard(data: CampaignArtifactData, o: { publicUrl?: string }): Attachment {
  const s = summarizeCampaign(data);
  const url = o.publicUrl ? editorUrl(o.publicUrl, data.editorPath) : null;
  const verdict =
    s.checks.errors === 0 && s.checks.warnings === 0
      ? '✅ All checks passed'
      : `${s.checks.errors ? `❌ ${s.checks.errors} error${s.checks.errors === 1 ? '' : 's'}` : '✅ No errors'}${s.checks.warnings ? ` · ⚠️ ${s.checks.warnings} warning${s.checks.warnings === 1 ? '' : 's'}` : ''}`;
  const body = [
    plain(clip(`Campaign draft: ${s.name}`, 150), { weight: 'Bolder', size: 'Medium' }),
    {
      type: 'FactSet',
      facts: [
        { title: 'Platform', value: s.platform },
        { title: 'Budget', value: s.budget },
        { title: 'Structure', value: s.structure },
        { title: 'Status', value: s.allPaused ? 'Everything paused' : 'Some parts enabled' },
      ],
    },
    ...s.ads.map((ad) => ({
      type: 'Container',
      separator: true,
      items: [plain(clip(ad.label, 200), { weight: 'Bolder' }), ...ad.lines.map((line) => plain(`• ${clip(line)}`))],
    })),
    ...(s.moreAds ? [plain(`…and ${s.moreAds} more ad${s.moreAds === 1 ? '' : 's'} in the editor.`, { isSubtle: true, size: 'Small' })] : []),
    {
      type: 'Container',
      separator: true,
      items: [
        plain(`Checks (rules ${data.rulesVersion}): ${verdict}`, { weight: 'Bolder' }),
        ...s.checks.first.map((f) => plain(`${f.severity === 'error' ? '❌' : '⚠️'} ${clip(f.message)}`, { size: 'Small' })),
      ],
    },
    ...(url ? [] : [plain('Open the conversation in Parley’s web app to edit this draft.', { isSubtle: true })]),
  ];
  return card(body, url ? [{ type: 'Action.OpenUrl', title: 'Open in the editor', url }] : []);
}
