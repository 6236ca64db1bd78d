import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPAIR_ROUNDS } from '../../tools/campaigns/draft/repair-loop';
import type { CampaignArtifactData, GoogleSearchCampaign } from '../../tools/campaigns/model';
import { googleSearchSample } from '../../tools/campaigns/testing/samples';
import { askAndWait, recordEvents, startTestParley, type TestParley } from '../testing/harness';

/**
 * The campaign tools with a language model: groq-sdk against the mock model server, which plays
 * both the agent (calling the tool) and the campaign writer (answering with campaign JSON).
 */

const LONG = 'Waterproof Hiking Boots For Every Trail'; // 39 characters: past Google's 30
const withHeadline = (text: string): GoogleSearchCampaign => {
  const c = googleSearchSample();
  c.adGroups[0].ads[0].headlines[0].text = text;
  return c;
};
const DRAFT_CALL = { toolCalls: [{ name: 'draft_campaign', args: { platform: 'google_search', brief: 'hiking boots in Germany and France', budget: 80, currency: 'EUR' } }] };

describe('campaign drafts written by a model', () => {
  let t: TestParley;
  beforeAll(async () => {
    t = await startTestParley();
  }, 600_000);
  afterAll(async () => t?.destroy());

  const writerRequests = () => t.mock!.requests.filter((r) => r.body.messages[0]?.content?.startsWith('You write ad campaigns'));

  it('repairs over-long headlines: the findings go back to the model, and the repaired draft is stored', async () => {
    const before = writerRequests().length;
    t.mock!.enqueue(DRAFT_CALL, { text: JSON.stringify(withHeadline(LONG)) }, { text: JSON.stringify(withHeadline('Waterproof Hiking Boots')) }, { text: 'Here is your draft.' });
    const s = await t.client();
    const asked = await askAndWait(s, recordEvents(s), 'draft a Google search campaign for hiking boots');
    const d = asked.artifacts.find((a) => a.kind === 'campaign')?.data as CampaignArtifactData;
    expect(d.grounding.author).toBe('model');
    expect(d.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect((d.campaign as GoogleSearchCampaign).adGroups[0].ads[0].headlines[0].text).toBe('Waterproof Hiking Boots');
    const calls = writerRequests().slice(before);
    expect(calls).toHaveLength(2);
    const repair = calls[1].body.messages.at(-1)!.content!;
    expect(repair).toContain(LONG);
    expect(repair).toMatch(/\/adGroups\/0\/ads\/0\/headlines\/0\/text: .*30/);
    expect(asked.events.some((e) => e.type === 'tool:progress' && /Repair round 1/.test(e.message))).toBe(true);
    const stored = (await (await t.fetch(`/api/campaigns/${d.campaignId}`)).json()).data;
    expect(stored).toMatchObject({ version: 1, grounding: { author: 'model' } });
    // The budget the marketer named stays theirs, and everything is paused whatever the model wrote.
    expect(stored.campaign.dailyBudget).toEqual({ amount: 80, currency: 'EUR' });
  }, 180_000);

  it(`gives up after ${MAX_REPAIR_ROUNDS} repair rounds and shows what still fails`, async () => {
    const before = writerRequests().length;
    const stubborn = withHeadline(LONG);
    stubborn.adGroups[0].status = 'enabled';
    const answers = Array.from({ length: MAX_REPAIR_ROUNDS + 1 }, () => ({ text: JSON.stringify(stubborn) }));
    t.mock!.enqueue(DRAFT_CALL, ...answers, { text: 'The draft still has a problem.' });
    const s = await t.client();
    const asked = await askAndWait(s, recordEvents(s), 'draft a Google search campaign for hiking boots');
    expect(writerRequests().length - before).toBe(MAX_REPAIR_ROUNDS + 1);
    const d = asked.artifacts.find((a) => a.kind === 'campaign')?.data as CampaignArtifactData;
    expect(d.findings).toContainEqual(expect.objectContaining({ rule: 'google.rsa.headline.length', severity: 'error', field: '/adGroups/0/ads/0/headlines/0/text' }));
    expect((d.campaign as GoogleSearchCampaign).adGroups[0].status).toBe('paused');
    const finished = asked.finished.find((f) => f.ok);
    expect(finished?.summary).toMatch(new RegExp(`After ${MAX_REPAIR_ROUNDS} repair rounds 1 error remains`));
  }, 180_000);

  it('a chat edit by the model makes a new version on top of the one it read', async () => {
    t.mock!.enqueue(DRAFT_CALL, { text: JSON.stringify(googleSearchSample()) }, { text: 'Drafted.' });
    const s = await t.client();
    const rec = recordEvents(s);
    const first = await askAndWait(s, rec, 'draft a Google search campaign for hiking boots');
    const id = (first.artifacts[0].data as CampaignArtifactData).campaignId;
    const urgent = googleSearchSample();
    urgent.adGroups[0].ads[0].headlines[2].text = 'Order Boots Today';
    t.mock!.enqueue({ toolCalls: [{ name: 'edit_campaign', args: { instruction: 'more urgent' } }] }, { text: JSON.stringify(urgent) }, { text: 'Done.' });
    const edited = await askAndWait(s, rec, 'more urgent', first.conversationId);
    const d = edited.artifacts[0].data as CampaignArtifactData;
    expect(d).toMatchObject({ campaignId: id, version: 2 });
    expect((d.campaign as GoogleSearchCampaign).adGroups[0].ads[0].headlines[2].text).toBe('Order Boots Today');
    const versions = (await (await t.fetch(`/api/campaigns/${id}/versions`)).json()).data;
    expect(versions[0]).toMatchObject({ version: 2, source: 'chat', summary: 'Edited by chat: more urgent' });
  }, 180_000);
});
