import type { Campaign, CampaignFinding, GoogleSearchCampaign } from '../../../../tools/campaigns/model';
import { fail, fakeApi, ok, type FakeRoutes } from '../../testing/fake-api';
import type { CampaignRecord, CampaignVersionInfo } from '../types';
import { record, SEARCH_RULES } from './fixtures';

/**
 * The campaign API as the component tests' stand-in for the server keeps it: versions that PATCH
 * adds on top of `baseVersion` (409 when it is not the newest), and a check that reports the two
 * findings these tests look for (a headline over 30 characters, the banned word "cheapest").
 */
export function campaignServer(extra: FakeRoutes = {}) {
  const versions: CampaignRecord[] = [record()];
  const latest = () => versions.at(-1)!;
  const check = (c: Campaign): CampaignFinding[] => {
    const out: CampaignFinding[] = [];
    (c as GoogleSearchCampaign).adGroups.forEach((g, gi) =>
      g.ads.forEach((ad, ai) =>
        ad.headlines.forEach((h, hi) => {
          const field = `/adGroups/${gi}/ads/${ai}/headlines/${hi}/text`;
          if ([...h.text].length > 30) out.push({ rule: 'google.rsa.headline.length', severity: 'error', field, textId: h.id, span: { start: 30, end: h.text.length }, message: `Headline ${hi + 1} is ${[...h.text].length} characters; Google allows 30.` });
          const at = h.text.toLowerCase().indexOf('cheapest');
          if (at >= 0) out.push({ rule: 'brand.banned_term', severity: 'error', field, textId: h.id, span: { start: at, end: at + 8 }, message: '“cheapest” is a banned term in your brand kit.' });
        }),
      ),
    );
    return out;
  };
  /** Someone else (the chat) saves a version meanwhile. */
  const saveElsewhere = (change: (c: GoogleSearchCampaign) => void, source: CampaignVersionInfo['source'] = 'chat') => {
    const next = structuredClone(latest().campaign) as GoogleSearchCampaign;
    change(next);
    versions.push({ ...latest(), version: latest().version + 1, campaign: next, findings: check(next), updatedAt: new Date(Date.UTC(2026, 11, 3, 11)).toISOString() });
    sources.push(source);
  };
  const sources: CampaignVersionInfo['source'][] = ['draft'];
  const api = fakeApi({
    'GET /campaigns': () => ok(versions.length ? [{ id: 'c1', name: latest().name, platform: 'google_search', version: latest().version, updatedAt: latest().updatedAt, errors: latest().findings.length, warnings: 0 }] : []),
    'GET /campaigns/rules': ({ query }) => (query.get('platform') === 'google_search' ? ok(SEARCH_RULES) : fail(400, 'campaign:unknown_platform', 'No such platform.')),
    'POST /campaigns/check': ({ body }) => ok({ findings: check(body.campaign), rulesVersion: 'test-1' }),
    'GET /campaigns/:id': ({ params }) => (params.id === 'c1' ? ok(latest()) : fail(404, 'not_found', 'No such campaign.')),
    'PATCH /campaigns/:id': ({ body }) => {
      if (body.baseVersion !== latest().version) return fail(409, 'campaign:conflict', `Version ${latest().version} was saved after version ${body.baseVersion}.`);
      versions.push({ ...latest(), version: latest().version + 1, campaign: body.campaign, findings: check(body.campaign), updatedAt: new Date(Date.UTC(2026, 11, 3, 12)).toISOString() });
      sources.push('hand');
      return ok(latest());
    },
    'GET /campaigns/:id/versions': () => ok(versions.map((v, i) => ({ version: v.version, source: sources[i], summary: i === 0 ? 'First draft' : `Version ${v.version}`, userId: 'u1', createdAt: v.updatedAt, errors: v.findings.length, warnings: 0 }))),
    'GET /campaigns/:id/versions/:version': ({ params }) => {
      const v = versions.find((x) => x.version === Number(params.version));
      return v ? ok({ version: v.version, campaign: v.campaign, findings: v.findings }) : fail(404, 'not_found', 'No such version.');
    },
    ...extra,
  });
  return { api, versions, latest, saveElsewhere, patches: () => api.requests.filter((r) => r.method === 'PATCH') };
}
