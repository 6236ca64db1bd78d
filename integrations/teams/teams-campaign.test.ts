import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { startTestParley, type TestParley } from '../../server/testing/harness';
import { campaignTool } from '../../tools/campaigns/testing/campaign-tool';
import { googleSearchSample } from '../../tools/campaigns/testing/samples';
import { validateCampaign } from '../../tools/campaigns/validate';
import { campaignCard } from './campaign-card';
import { createTeamsChannel, type TeamsChannel } from './index';
import { bindTeamsTenant } from './testing/bind';
import { teamsMessage } from './testing/fixtures';
import { ProactiveTestAdapter } from './testing/proactive-test-adapter';

type Inline = { type: string; text: string };
type Element = { type: string; inlines?: Inline[]; items?: Element[]; facts?: { title: string; value: string }[]; text?: string };
type Card = { body: Element[]; actions?: { type: string; title: string; url: string }[] };

/** Every text a person sees on the card, in order. */
function texts(elements: Element[]): string[] {
  return elements.flatMap((e) => [...(e.inlines ?? []).map((i) => i.text), ...(e.text ? [e.text] : []), ...(e.facts ?? []).map((f) => `${f.title}: ${f.value}`), ...texts(e.items ?? [])]);
}

describe.each(STORE_BACKENDS)('a campaign draft in Teams (%s)', (backend) => {
  let t: TestParley;
  let teams: TeamsChannel;
  beforeAll(async () => {
    t = await startTestParley({
      backend,
      env: { MicrosoftAppId: 'test-app-id', MicrosoftAppPassword: 'test-app-secret', PARLEY_PUBLIC_URL: 'https://parley.example.com' },
      configure: (deps) => ({
        ...deps,
        tools: [...(deps.tools ?? []), campaignTool()],
        channels: [(ctx) => (teams = createTeamsChannel({ streamIntervalMs: 60, typingIntervalMs: 50 })(ctx) as TeamsChannel)],
      }),
    });
    await bindTeamsTenant(t.parley.store.db.pool);
  }, 180_000);
  afterAll(async () => {
    await t?.destroy();
  });

  async function cardFor(args: Record<string, unknown>, conversationId: string): Promise<Card> {
    t.mock!.enqueue({ toolCalls: [{ name: 'sample_campaign', args }] }, { text: 'Here is the draft.' });
    const adapter = new ProactiveTestAdapter();
    await adapter.processActivity(teamsMessage({ text: 'draft a meta campaign for spring', conversationId, conversationType: 'personal' }), (ctx) => teams.bot.run(ctx));
    await teams.bot.idle();
    const final = adapter.sent.map((s) => s.activity).at(-1)!;
    expect(final.attachments).toHaveLength(1);
    expect(final.attachments![0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    return final.attachments![0].content as Card;
  }

  it('arrives as a summary card with the platform, budget, structure, first ads, checks and an editor button', async () => {
    const card = await cardFor({ platform: 'meta' }, `a:campaign-1-${backend}`);
    const shown = texts(card.body);
    expect(shown[0]).toBe('Campaign draft: Spring sale');
    expect(shown).toEqual(expect.arrayContaining(['Platform: Meta Ads', 'Budget: €40.00 a day', 'Structure: 1 ad set · 1 ad', 'Status: Everything paused']));
    expect(shown).toEqual(expect.arrayContaining(['DE 25–45 outdoor · Boots – spring', '• Spring trails are calling. Waterproof boots from €89, delivered in two days.', '• Waterproof boots from €89']));
    expect(shown).toContain('Checks (rules 2026-12-03.1): ✅ All checks passed');
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in the editor', url: 'https://parley.example.com/campaigns/cmp_test' }]);
  });

  it('counts and lists failed checks, and shows copy as plain text runs (no markdown links)', async () => {
    const card = await cardFor({ platform: 'google_search', headline: '[Win](https://evil.example) FREE!!' }, `a:campaign-2-${backend}`);
    const shown = texts(card.body);
    const verdict = shown.find((s) => s.startsWith('Checks'))!;
    expect(verdict).toMatch(/❌ \d+ errors · ⚠️ \d+ warning/);
    expect(shown.some((s) => s.startsWith('❌ ') && s.includes('repeats punctuation ("!!")'))).toBe(true);
    // The copy sits in a TextRun (never parsed as markdown), not in a TextBlock.
    expect(JSON.stringify(card.body)).not.toMatch(/"type":"TextBlock","text":"[^"]*evil\.example/);
    expect(shown).toContain('• [Win](https://evil.example) FREE!!');
  });

  it('gives no button when the editor path would leave Parley', async () => {
    const card = await cardFor({ platform: 'linkedin', editorPath: '//evil.example/campaigns' }, `a:campaign-3-${backend}`);
    expect(card.actions).toBeUndefined();
    expect(JSON.stringify(card)).not.toContain('evil.example');
  });
});

describe('campaign card size', () => {
  it('stays far under Teams’ ~28 KB message limit with long copy, many ads and many findings', () => {
    const c = googleSearchSample();
    c.name = 'N'.repeat(1000);
    const g = c.adGroups[0];
    g.ads = Array.from({ length: 40 }, (_, i) => ({ ...g.ads[0], id: `a${i}`, headlines: g.ads[0].headlines.map((h) => ({ ...h, text: 'x'.repeat(3000) })) }));
    const { findings, rulesVersion } = validateCampaign(c);
    const card = campaignCard({ campaignId: 'c', version: 1, campaign: c, findings, rulesVersion, grounding: { author: 'model', notes: [] }, editorPath: '/campaigns/c' }, { publicUrl: 'https://parley.example.com' });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(12_000);
    expect(texts((card.content as Card).body)).toContain('…and 37 more ads in the editor.');
  });
});
