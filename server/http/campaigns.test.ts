import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignArtifactData, GoogleSearchCampaign } from '../../tools/campaigns/model';
import { googleSearchSample, metaSample } from '../../tools/campaigns/testing/samples';
import { STORE_BACKENDS } from '../testing/databases';
import { askAndWait, recordEvents, startTestParley, type TestMember, type TestParley } from '../testing/harness';

const json = { 'content-type': 'application/json' };
const body = async (r: Promise<Response> | Response) => (await (await r).json()) as any;
const patch = (m: TestMember | TestParley, id: string, payload: unknown) => m.fetch(`/api/campaigns/${id}`, { method: 'PATCH', headers: json, body: JSON.stringify(payload) });

const TOP_CATEGORY_IN_EUROPE = `SELECT p.category FROM demo.order_lines l JOIN demo.orders o ON o.order_id = l.order_id
  JOIN demo.products p ON p.product_id = l.product_id JOIN demo.customers c ON c.customer_id = o.customer_id
  WHERE o.status IN ('completed', 'shipped') AND o.order_date > (SELECT max(order_date) FROM demo.orders) - 90 AND c.region = 'Europe'
  GROUP BY 1 ORDER BY sum(l.revenue) DESC LIMIT 1`;

describe.each(STORE_BACKENDS)('campaign drafts over the API on %s', (backend) => {
  let t: TestParley;
  let viewer: TestMember;
  let analyst: TestMember;
  let other: TestMember;
  let draft: { id: string; conversationId: string; artifact: CampaignArtifactData; text: string };

  beforeAll(async () => {
    t = await startTestParley({ backend, model: 'offline' });
    [viewer, analyst, other] = [await t.member('viewer'), await t.member('analyst'), await t.workspace('beta')];
    const s = await t.client();
    const asked = await askAndWait(s, recordEvents(s), 'draft a Google search campaign for our best-selling category in Europe, €80 a day');
    const artifact = asked.artifacts.find((a) => a.kind === 'campaign')?.data as CampaignArtifactData | undefined;
    if (!artifact) throw new Error(`no campaign artifact: ${asked.text}`);
    draft = { id: artifact.campaignId, conversationId: asked.conversationId, artifact, text: asked.text };
  }, 600_000);
  afterAll(async () => t?.destroy());

  it('offline, the draft is a template draft said to be one, paused, grounded in the SQL truth, with the budget asked for', async () => {
    const { artifact } = draft;
    expect(draft.text).toMatch(/Drafted from templates, not by a language model/);
    expect(artifact.grounding.author).toBe('template');
    expect(artifact.editorPath).toBe(`/campaigns/${artifact.campaignId}`);
    const c = artifact.campaign as GoogleSearchCampaign;
    expect(c.platform).toBe('google_search');
    expect(c.dailyBudget).toEqual({ amount: 80, currency: 'EUR' });
    expect(c.adGroups).toHaveLength(3);
    expect(JSON.stringify(c).match(/"status":"(\w+)"/g)!.every((m) => m === '"status":"paused"')).toBe(true);
    expect(artifact.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const demo = await t.parley.runtime.resolveDatasource({ workspaceId: 'local', datasource: null });
    const truth = String((await demo.sql.query<{ category: string }>(TOP_CATEGORY_IN_EUROPE)).rows[0].category);
    expect(c.name).toContain(truth);
    expect(artifact.grounding.notes[0]).toContain(`Best-selling category in Europe in the last 90 days: ${truth}`);
    expect(artifact.grounding.sql?.[0]).toMatch(/c\.region = 'Europe'/);
  });

  it('lists and reads the draft as stored: version 1 from the draft tool, in its conversation', async () => {
    const list = (await body(t.fetch('/api/campaigns'))).data;
    expect(list).toContainEqual({ id: draft.id, name: draft.artifact.campaign.name, platform: 'google_search', version: 1, updatedAt: expect.any(String), errors: 0, warnings: expect.any(Number) });
    const got = (await body(viewer.fetch(`/api/campaigns/${draft.id}`))).data;
    expect(got).toMatchObject({ id: draft.id, platform: 'google_search', version: 1, conversationId: draft.conversationId, rulesVersion: draft.artifact.rulesVersion });
    expect(got.campaign).toEqual(draft.artifact.campaign);
    const versions = (await body(t.fetch(`/api/campaigns/${draft.id}/versions`))).data;
    expect(versions).toEqual([{ version: 1, source: 'draft', summary: expect.stringMatching(/^Drafted: /), userId: t.admin.user.id, createdAt: expect.any(String), errors: 0, warnings: expect.any(Number) }]);
  });

  it('a chat edit ("make headline 3 shorter") makes version 2; version 1 stays readable', async () => {
    const s = await t.client();
    const edited = await askAndWait(s, recordEvents(s), 'make headline 3 shorter', draft.conversationId);
    expect(edited.tools).toEqual(['edit_campaign']);
    const v2 = edited.artifacts.find((a) => a.kind === 'campaign')?.data as CampaignArtifactData;
    expect(v2).toMatchObject({ campaignId: draft.id, version: 2 });
    const before = (draft.artifact.campaign as GoogleSearchCampaign).adGroups[0].ads[0].headlines[2].text;
    const after = (v2.campaign as GoogleSearchCampaign).adGroups[0].ads[0].headlines[2].text;
    expect(after.length).toBeLessThan(before.length);
    expect(before.startsWith(after)).toBe(true);
    const versions = (await body(t.fetch(`/api/campaigns/${draft.id}/versions`))).data;
    expect(versions.map((v: { version: number; source: string }) => [v.version, v.source])).toEqual([[2, 'chat'], [1, 'draft']]);
    const v1 = (await body(t.fetch(`/api/campaigns/${draft.id}/versions/1`))).data;
    expect((v1.campaign as GoogleSearchCampaign).adGroups[0].ads[0].headlines[2].text).toBe(before);
    expect((await t.fetch(`/api/campaigns/${draft.id}/versions/9`)).status).toBe(404);
  }, 120_000);

  it('two hand edits on the same version: one is saved, the other gets 409 campaign:conflict with the current version', async () => {
    const cur = (await body(t.fetch(`/api/campaigns/${draft.id}`))).data;
    const a = structuredClone(cur.campaign) as GoogleSearchCampaign;
    const b = structuredClone(cur.campaign) as GoogleSearchCampaign;
    a.name = 'Edited by A';
    b.name = 'Edited by B';
    const [ra, rb] = await Promise.all([patch(t, draft.id, { baseVersion: cur.version, campaign: a }), patch(analyst, draft.id, { baseVersion: cur.version, campaign: b })]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const [won, lost] = ra.status === 200 ? [ra, rb] : [rb, ra];
    const saved = (await body(won)).data;
    expect(saved.version).toBe(cur.version + 1);
    const err = (await body(lost)).error;
    expect(err).toMatchObject({ code: 'campaign:conflict', current: cur.version + 1 });
    expect(err.message).toMatch(/now at version/);
    const now = (await body(t.fetch(`/api/campaigns/${draft.id}`))).data;
    expect(now.name).toBe(saved.name);
    expect((await body(t.fetch(`/api/campaigns/${draft.id}/versions`))).data[0]).toMatchObject({ version: cur.version + 1, source: 'hand' });
  });

  it('a body that is not a campaign of the stored platform is 400 campaign:invalid_shape naming the path', async () => {
    const cur = (await body(t.fetch(`/api/campaigns/${draft.id}`))).data;
    const broken = structuredClone(cur.campaign);
    broken.adGroups[0].ads[0].finalUrl = 42;
    const r = await patch(t, draft.id, { baseVersion: cur.version, campaign: broken });
    expect(r.status).toBe(400);
    expect((await body(r)).error).toMatchObject({ code: 'campaign:invalid_shape', path: '/adGroups/0/ads/0/finalUrl' });
    const meta = await body(patch(t, draft.id, { baseVersion: cur.version, campaign: metaSample() }));
    expect(meta.error).toMatchObject({ code: 'campaign:invalid_shape', path: '/platform' });
    // A hostile body: far more headlines than any platform allows is refused before it is walked.
    const huge = structuredClone(cur.campaign);
    huge.adGroups[0].ads[0].headlines = Array.from({ length: 5_000 }, (_, i) => ({ id: `x${i}`, text: 'x' }));
    expect((await body(patch(t, draft.id, { baseVersion: cur.version, campaign: huge }))).error.code).toBe('campaign:invalid_shape');
    expect((await body(t.fetch(`/api/campaigns/${draft.id}`))).data.version).toBe(cur.version);
  });

  it('viewers read drafts but cannot edit them, by hand or in chat', async () => {
    const cur = (await body(viewer.fetch(`/api/campaigns/${draft.id}`))).data;
    const r = await patch(viewer, draft.id, { baseVersion: cur.version, campaign: cur.campaign });
    expect(r.status).toBe(403);
    expect((await body(r)).error.code).toBe('auth:forbidden');
    const s = await viewer.client();
    const asked = await askAndWait(s, recordEvents(s), 'draft a Meta campaign for Outdoor in Europe');
    expect(asked.artifacts).toEqual([]);
    expect(asked.finished[0]).toMatchObject({ ok: false });
    expect(asked.text).toMatch(/Viewers can read campaign drafts but not create or change them/);
    expect((await body(t.fetch(`/api/campaigns/${draft.id}`))).data.version).toBe(cur.version);
  }, 120_000);

  it('another workspace can neither list, read, edit nor export the draft', async () => {
    expect((await body(other.fetch('/api/campaigns'))).data.map((c: { id: string }) => c.id)).not.toContain(draft.id);
    for (const path of [`/api/campaigns/${draft.id}`, `/api/campaigns/${draft.id}/versions`, `/api/campaigns/${draft.id}/versions/1`, `/api/campaigns/${draft.id}/export?format=json`]) {
      const r = await other.fetch(path);
      expect(r.status, path).toBe(404);
      expect((await body(r)).error.code).toBe('campaign:not_found');
    }
    const cur = (await body(t.fetch(`/api/campaigns/${draft.id}`))).data;
    expect((await patch(other, draft.id, { baseVersion: cur.version, campaign: cur.campaign })).status).toBe(404);
    expect((await body(t.fetch(`/api/campaigns/${draft.id}`))).data.version).toBe(cur.version);
  });

  it('export refuses a format of another platform and a draft with errors, listing them', async () => {
    const wrong = await t.fetch(`/api/campaigns/${draft.id}/export?format=meta-ads-manager`);
    expect(wrong.status).toBe(400);
    expect((await body(wrong)).error.code).toBe('campaign:export_format');
    expect((await body(t.fetch(`/api/campaigns/${draft.id}/export?format=pdf`))).error.code).toBe('input:invalid');
    const cur = (await body(t.fetch(`/api/campaigns/${draft.id}`))).data;
    const bad = structuredClone(cur.campaign) as GoogleSearchCampaign;
    bad.adGroups[0].ads[0].headlines[0].text = 'A headline far longer than thirty characters';
    const saved = await patch(t, draft.id, { baseVersion: cur.version, campaign: bad });
    expect(saved.status).toBe(200);
    expect((await body(saved)).data.findings).toContainEqual(expect.objectContaining({ rule: 'google.rsa.headline.length', severity: 'error', field: '/adGroups/0/ads/0/headlines/0/text' }));
    const refused = await t.fetch(`/api/campaigns/${draft.id}/export?format=google-ads-editor`);
    expect(refused.status).toBe(422);
    const err = (await body(refused)).error;
    expect(err.code).toBe('campaign:has_errors');
    expect(err.message).toMatch(/\/adGroups\/0\/ads\/0\/headlines\/0\/text/);
    expect(err.findings).toContainEqual(expect.objectContaining({ rule: 'google.rsa.headline.length' }));
    // Fixed by hand, it exports.
    bad.adGroups[0].ads[0].headlines[0].text = 'Shorter Headline';
    expect((await patch(t, draft.id, { baseVersion: cur.version + 1, campaign: bad })).status).toBe(200);
  });

  it('a clean draft downloads as an attachment: the JSON is the stored campaign, the Editor CSV has its ad groups', async () => {
    const cur = (await body(t.fetch(`/api/campaigns/${draft.id}`))).data;
    const r = await viewer.fetch(`/api/campaigns/${draft.id}/export?format=json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.json"/);
    expect(await r.json()).toEqual(cur.campaign);
    const csv = await t.fetch(`/api/campaigns/${draft.id}/export?format=google-ads-editor`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(await csv.text(), { columns: true, bom: true }) as Record<string, string>[];
    const groups = new Set(rows.map((row) => row['Ad group']).filter(Boolean));
    expect([...groups].sort()).toEqual(cur.campaign.adGroups.map((g: { name: string }) => g.name).sort());
  });

  it('check gives the live findings with the brand kit; rules gives the counters\' limits', async () => {
    const c = googleSearchSample();
    expect((await body(t.fetch('/api/campaigns/check', { method: 'POST', headers: json, body: JSON.stringify({ campaign: c }) }))).data).toEqual({ findings: [], rulesVersion: expect.any(String) });
    c.adGroups[0].ads[0].headlines[0].text = 'x'.repeat(31);
    const found = (await body(viewer.fetch('/api/campaigns/check', { method: 'POST', headers: json, body: JSON.stringify({ campaign: c }) }))).data.findings;
    expect(found).toContainEqual(expect.objectContaining({ rule: 'google.rsa.headline.length', textId: 'h1' }));
    expect((await body(t.fetch('/api/campaigns/check', { method: 'POST', headers: json, body: JSON.stringify({ campaign: { platform: 'tiktok' } }) }))).error.code).toBe('campaign:invalid_shape');
    const rules = (await body(t.fetch('/api/campaigns/rules?platform=google_search'))).data;
    expect(rules.fields.headline).toMatchObject({ max: 30, rule: 'google.rsa.headline.length' });
    expect((await t.fetch('/api/campaigns/rules?platform=myspace')).status).toBe(400);
  });

  it('brand kit: empty in English until saved; admins save it, with clear refusals; it is checked like the rules', async () => {
    expect((await body(viewer.fetch('/api/brand'))).data).toEqual({ voice: '', bannedTerms: [], preferredTerms: [], requiredDisclaimers: [], trademarks: [], language: 'en' });
    const put = (m: TestMember | TestParley, kit: unknown) => m.fetch('/api/brand', { method: 'PUT', headers: json, body: JSON.stringify(kit) });
    const kit = { voice: 'Plain and warm', bannedTerms: ['cheap'], preferredTerms: [{ use: 'boots', insteadOf: 'shoes' }], requiredDisclaimers: [], trademarks: ['TrailCo'], language: 'en' };
    for (const [bad, message] of [
      [{ ...kit, bannedTerms: ['x'.repeat(101)] }, /banned term must be at most 100 characters/],
      [{ ...kit, bannedTerms: Array.from({ length: 201 }, (_, i) => `t${i}`) }, /at most 200 banned terms/],
      [{ ...kit, requiredDisclaimers: [{ text: '  ', where: 'every_ad' }] }, /a disclaimer must not be empty/],
      [{ ...kit, language: 'English' }, /ISO 639-1/],
    ] as const) {
      const r = await put(t, bad);
      expect(r.status).toBe(400);
      expect((await body(r)).error.message).toMatch(message);
    }
    expect((await put(analyst, kit)).status).toBe(403);
    expect((await body(put(t, kit))).data).toEqual(kit);
    expect((await body(other.fetch('/api/brand'))).data.bannedTerms).toEqual([]);
    const c = googleSearchSample();
    c.adGroups[0].ads[0].headlines[1].text = 'Cheap Hiking Boots';
    const found = (await body(t.fetch('/api/campaigns/check', { method: 'POST', headers: json, body: JSON.stringify({ campaign: c }) }))).data.findings;
    expect(found).toContainEqual(expect.objectContaining({ rule: 'brand.banned_term', textId: 'h2' }));
  });
});
