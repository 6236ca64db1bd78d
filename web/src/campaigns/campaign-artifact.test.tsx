// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CampaignArtifactData, MetaCampaign } from '../../../tools/campaigns/model';
import { ArtifactView } from '../artifacts/artifact-view';
import { fakeApi, ok } from '../testing/fake-api';
import { CampaignList } from './campaign-list';
import { BANNED_CHEAPEST, searchCampaign } from './testing/fixtures';

const artifact = (): CampaignArtifactData => ({ campaignId: 'c1', version: 2, campaign: searchCampaign(), findings: [BANNED_CHEAPEST], rulesVersion: 'test-1', grounding: { author: 'template', notes: [] }, editorPath: '/campaigns/c1' });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.history.replaceState(null, '', '/');
});

describe('the campaign card in the chat', () => {
  it('summarises platform, budget, structure, first headlines and checks, and opens the editor', async () => {
    const heard = vi.fn();
    window.addEventListener('popstate', heard);
    render(<ArtifactView artifact={{ id: 'a1', kind: 'campaign', data: artifact() }} />);
    const card = screen.getByRole('region', { name: 'Campaign draft Outdoor EU' });
    expect(card.textContent).toContain('Google Search');
    expect(card.textContent).toContain('€80.00');
    expect(card.textContent).toContain('1 ad groups, 3 keywords, 1 ads');
    expect(card.textContent).toContain('1 errors, 0 warnings');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Hiking Boots for Every Trail', 'The cheapest boots in Europe', 'Free Returns on Boots']);
    expect(card.textContent).toContain('Drafted offline from templates');
    const link = screen.getByRole('link', { name: 'Open in editor' });
    expect(link.getAttribute('href')).toBe('/campaigns/c1');
    fireEvent.click(link);
    expect(window.location.pathname).toBe('/campaigns/c1');
    expect(heard).toHaveBeenCalled();
    window.removeEventListener('popstate', heard);
  });

  it('sums a Meta campaign’s ad set budgets and says when every check passed', () => {
    const meta: MetaCampaign = {
      platform: 'meta',
      name: 'Spring sale',
      status: 'paused',
      objective: 'OUTCOME_SALES',
      specialAdCategories: [],
      adSets: [20, 30].map((amount, i) => ({ id: `s${i}`, name: `Set ${i}`, status: 'paused', dailyBudget: { amount, currency: 'EUR' }, schedule: { start: '2026-12-10' }, audience: { countries: ['DE'], ageMin: 18, ageMax: 65 }, placements: 'automatic', ads: [{ id: `a${i}`, name: 'Ad', primaryTexts: [{ id: 'p', text: 'Spring is here' }], headlines: [{ id: `h${i}`, text: `Headline ${i}` }], descriptions: [], callToAction: 'SHOP_NOW', link: 'https://x.example', status: 'paused' }] })),
    };
    render(<ArtifactView artifact={{ id: 'a2', kind: 'campaign', data: { ...artifact(), campaign: meta, findings: [] } }} />);
    const card = screen.getByRole('region', { name: 'Campaign draft Spring sale' });
    expect(card.textContent).toContain('€50.00');
    expect(card.textContent).toContain('2 ad sets, 2 ads');
    expect(card.textContent).toContain('All checks passed');
  });
});

describe('CampaignList', () => {
  it('lists the drafts, newest first, each linking to its editor', async () => {
    fakeApi({
      'GET /campaigns': () =>
        ok([
          { id: 'old', name: 'Old one', platform: 'meta', version: 1, updatedAt: '2026-11-01T00:00:00Z', errors: 0, warnings: 0 },
          { id: 'new', name: 'New one', platform: 'google_search', version: 3, updatedAt: '2026-12-01T00:00:00Z', errors: 2, warnings: 1 },
        ]),
    });
    render(<CampaignList onBack={() => undefined} />);
    await screen.findByRole('table');
    const links = screen.getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['New one', '/campaigns/new'],
      ['Old one', '/campaigns/old'],
    ]);
    expect(screen.getByText('2 errors, 1 warnings')).toBeTruthy();
    fireEvent.click(links[1]);
    await waitFor(() => expect(window.location.pathname).toBe('/campaigns/old'));
  });
});
