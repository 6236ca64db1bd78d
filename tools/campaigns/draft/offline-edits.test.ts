import { describe, expect, it } from 'vitest';
import { googleSearchSample, metaSample } from '../testing/samples';
import type { GoogleSearchCampaign } from '../model';
import { validateCampaign } from '../validate';
import { applyOfflineEdit, shorten } from './offline-edits';

describe('offline campaign edits', () => {
  it('shortens at a word boundary, under the limit, never into a repeat of another headline', () => {
    expect(shorten('Waterproof Hiking Boots Online', 30)).toBe('Waterproof Hiking Boots');
    expect(shorten('A very long headline that runs past the limit', 30)).toBe('A very long headline that runs');
    expect(shorten('Shop Boots Online', 30, ['Shop Boots'])).toBe('Shop');
    expect(shorten('Boots', 30)).toBeNull();
  });

  it('"make headline 3 shorter" shortens the third headline of every ad and nothing else', () => {
    const before = googleSearchSample();
    const r = applyOfflineEdit(before, 'make headline 3 shorter');
    if (!r.ok) throw new Error(r.reason);
    const after = r.campaign as GoogleSearchCampaign;
    const [b, a] = [before.adGroups[0].ads[0].headlines, after.adGroups[0].ads[0].headlines];
    expect([...a[2].text].length).toBeLessThan([...b[2].text].length);
    expect(b[2].text.startsWith(a[2].text)).toBe(true);
    expect(a[2].id).toBe(b[2].id);
    expect(a.filter((_, i) => i !== 2)).toEqual(b.filter((_, i) => i !== 2));
    expect(validateCampaign(after).findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The original is left as it was: a new version is a new object.
    expect(before.adGroups[0].ads[0].headlines[2].text).toBe('Shop Trail-Ready Boots');
  });

  it('"drop the broad-match keywords" removes exactly those', () => {
    const r = applyOfflineEdit(googleSearchSample(), 'drop the broad-match keywords');
    if (!r.ok) throw new Error(r.reason);
    const kws = (r.campaign as GoogleSearchCampaign).adGroups.flatMap((g) => g.keywords);
    expect(kws.map((k) => k.match)).not.toContain('broad');
    expect(kws).toHaveLength(2);
    expect(r.summary).toBe('Dropped 1 broad-match keyword');
  });

  it('declines in words what needs a language model, and what the draft does not have', () => {
    for (const ask of ['add a French version', 'make it more urgent']) {
      const r = applyOfflineEdit(googleSearchSample(), ask);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/needs a language model/);
    }
    const meta = applyOfflineEdit(metaSample(), 'drop the broad-match keywords');
    expect(meta.ok).toBe(false);
    const none = applyOfflineEdit(googleSearchSample(), 'make headline 9 shorter');
    expect(none).toEqual({ ok: false, reason: 'This draft has no headline 9.' });
  });
});
