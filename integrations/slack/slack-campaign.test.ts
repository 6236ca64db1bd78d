import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { STORE_BACKENDS } from '../../server/testing/databases';
import { validateCampaign } from '../../tools/campaigns/validate';
import { googleSearchSample } from '../../tools/campaigns/testing/samples';
import type { CampaignArtifactData } from '../../tools/campaigns/model';
import { campaignMessage } from './campaign-blocks';
import { appMention } from './testing/payloads';
import { startSlackParley, type SlackParley } from './testing/slack-harness';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { type: string; url?: string; text: string | { text: string } }[] };

describe.each(STORE_BACKENDS)('a campaign draft in Slack (%s)', (backend) => {
  let s: SlackParley;
  beforeAll(async () => {
    s = await startSlackParley({ backend, env: { PARLEY_PUBLIC_URL: 'https://parley.example.com/' } });
  }, 180_000);
  afterAll(async () => {
    await s?.destroy();
  });
  beforeEach(() => s.fake.reset());

  async function campaignPost(args: Record<string, unknown>) {
    s.mock.enqueue({ toolCalls: [{ name: 'sample_campaign', args }] }, { text: 'Here is the draft.' });
    await s.feed(appMention({ text: 'draft a google search campaign for hiking boots', channel: 'C9' }));
    await s.channel!.idle();
    const post = s.fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.args.blocks ?? '').includes('Campaign draft'));
    expect(post).toBeDefined();
    return { blocks: (typeof post!.args.blocks === 'string' ? JSON.parse(post!.args.blocks) : post!.args.blocks) as Block[], text: String(post!.args.text) };
  }

  it('posts the summary card: platform, budget, structure, the first headlines, the checks, and a button to the editor', async () => {
    const { blocks, text } = await campaignPost({ platform: 'google_search', headline: 'Waterproof boots for all trails' });
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Campaign draft: Outdoor gear – Europe' } });
    const facts = blocks[1].fields!.map((f) => f.text);
    expect(facts).toEqual(['*Platform*\nGoogle Ads · Search', '*Budget*\n€80.00 a day', '*Structure*\n1 ad group · 3 keywords · 1 ad', '*Status*\nEverything paused']);
    expect(blocks[2].text!.text).toBe('*Hiking boots · ad 1*\n• Waterproof boots for all trails\n• Free Delivery Over €50\n• Shop Trail-Ready Boots');
    // The 31-character headline fails its check, and the card says so with the validator's message.
    const checks = blocks.find((b) => b.text?.text.startsWith('*Checks*'))!.text!.text;
    expect(checks).toContain(':x: 1 error');
    expect(checks).toContain('Headline 1 in ad 1 of ad group "Hiking boots" is 31 characters; Google allows 30. Shorten it by 1.');
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements![0]).toMatchObject({ type: 'button', url: 'https://parley.example.com/campaigns/cmp_test', text: { text: 'Open in the editor' } });
    expect(text).toContain('Edit it: https://parley.example.com/campaigns/cmp_test');
  });

  it('shows ad copy as text: Slack does not read mentions, links or formatting in it', async () => {
    const { blocks } = await campaignPost({ platform: 'meta', headline: '<!channel> *Win* <https://evil.example|claim>' });
    const ad = blocks.find((b) => b.text?.text.includes('Boots – spring'))!.text!.text;
    expect(ad).toContain('&lt;!channel&gt;');
    expect(ad).toContain('&lt;https://evil.example|claim&gt;');
    expect(ad).not.toContain('<!channel>');
    expect(ad).not.toMatch(/(^|[^\u200b])\*Win\*/);
  });

  it('links only to Parley itself: an editor path that leaves the origin gets no button', async () => {
    const { blocks } = await campaignPost({ platform: 'linkedin', editorPath: '@evil.example/x' });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(blocks)).not.toContain('evil.example');
  });
});

describe('campaign message limits', () => {
  it('stays within Block Kit limits with a long name, many ads and many findings', () => {
    const c = googleSearchSample();
    c.name = 'N'.repeat(400);
    const g = c.adGroups[0];
    g.name = 'G'.repeat(500);
    g.ads = Array.from({ length: 40 }, (_, i) => ({ ...g.ads[0], id: `a${i}`, headlines: g.ads[0].headlines.map((h) => ({ ...h, text: 'x'.repeat(2000) })) }));
    const { findings, rulesVersion } = validateCampaign(c);
    const data: CampaignArtifactData = { campaignId: 'c', version: 3, campaign: c, findings, rulesVersion, grounding: { author: 'model', notes: [] }, editorPath: '/campaigns/c' };
    const msg = campaignMessage(data, { publicUrl: 'https://parley.example.com' });
    const blocks = msg.blocks as unknown as Block[];
    expect(findings.length).toBeGreaterThan(40);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect((blocks[0].text!.text).length).toBeLessThanOrEqual(150);
    for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(msg.text.length).toBeLessThanOrEqual(3000);
    // Three ads shown, the rest counted.
    expect(blocks.filter((b) => b.text?.text.startsWith('*GGG'))).toHaveLength(3);
    expect(JSON.stringify(blocks)).toContain('…and 37 more ads in the editor.');
  });

  it('says every check passed when none failed', () => {
    const c = googleSearchSample();
    const data = { campaignId: 'c', version: 1, campaign: c, findings: [], rulesVersion: 'r1', grounding: { author: 'template' as const, notes: [] }, editorPath: '/campaigns/c' };
    const blocks = campaignMessage(data, {}).blocks as unknown as (KnownBlock & Block)[];
    expect(blocks.find((b) => b.text?.text.startsWith('*Checks*'))!.text!.text).toBe('*Checks* (rules r1): :white_check_mark: All checks passed.');
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
