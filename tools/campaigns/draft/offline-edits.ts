import type { Campaign, CopyText } from '../model';

/**
 * The edits Parley makes without a language model: exact, deterministic changes a person can
 * predict. Anything that needs writing (another language, a different tone) is the model's and
 * is declined here in words, never faked.
 */

export type OfflineEdit = { ok: true; campaign: Campaign; summary: string } | { ok: false; reason: string };

const HEADLINE_MAX: Partial<Record<Campaign['platform'], number>> = { google_search: 30, google_pmax: 30, meta: 40, linkedin: 70 };

/**
 * A shorter text: whole words dropped from the end until it is under the limit, shorter than
 * before and not the same as any of `taken` (a repeated headline is an error of its own).
 */
export function shorten(text: string, max: number, taken: string[] = []): string | null {
  const words = text.trim().split(/\s+/);
  const target = Math.min(max, [...text.trim()].length - 1);
  const used = new Set(taken.map((t) => t.trim().toLowerCase()));
  while (words.length > 1) {
    words.pop();
    const out = words.join(' ').replace(/[\s,;:–-]+$/, '');
    if ([...out].length <= target && out && !used.has(out.toLowerCase())) return out;
  }
  return null;
}

interface Slot {
  text: CopyText;
  /** The other headlines of the same ad: a shortened headline must not repeat one of them. */
  siblings: CopyText[];
}

/** The Nth headline (1-based) of every ad that has one, so parallel ads stay parallel. */
function headlineSlots(c: Campaign, n: number): Slot[] {
  const nth = (list: CopyText[]) => (list[n - 1] ? [{ text: list[n - 1], siblings: list.filter((_, i) => i !== n - 1) }] : []);
  switch (c.platform) {
    case 'google_search':
      return c.adGroups.flatMap((g) => g.ads.flatMap((a) => nth(a.headlines)));
    case 'google_pmax':
      return c.assetGroups.flatMap((g) => nth(g.headlines));
    case 'meta':
      return c.adSets.flatMap((s) => s.ads.flatMap((a) => nth(a.headlines)));
    case 'linkedin':
      // One headline per LinkedIn ad: "headline 2" is the second ad's.
      return c.campaigns.flatMap((x) => x.ads).slice(n - 1, n).map((a) => ({ text: a.headline, siblings: [] }));
  }
}

export function applyOfflineEdit(current: Campaign, instruction: string): OfflineEdit {
  const campaign = structuredClone(current);
  const headline = /\bheadline\s*(?:#|no\.?\s*|number\s*)?(\d{1,2})\b[^.]*\bshort(?:er|en)\b|\bshort(?:er|en)\b[^.]*\bheadline\s*(?:#|no\.?\s*)?(\d{1,2})\b/i.exec(instruction);
  if (headline) {
    const n = Number(headline[1] ?? headline[2]);
    const slots = headlineSlots(campaign, n);
    if (!slots.length) return { ok: false, reason: `This draft has no headline ${n}.` };
    const max = HEADLINE_MAX[campaign.platform] ?? 30;
    const changed: string[] = [];
    for (const { text, siblings } of slots) {
      const shorter = shorten(text.text, max, siblings.map((s) => s.text));
      if (shorter === null) continue;
      changed.push(`"${text.text}" → "${shorter}"`);
      text.text = shorter;
    }
    if (!changed.length) return { ok: false, reason: `Headline ${n} cannot be shortened by dropping words without repeating another headline or leaving nothing; that needs a language model, or edit it in the editor.` };
    return { ok: true, campaign, summary: `Headline ${n} shortened: ${[...new Set(changed)].join(', ')}` };
  }
  if (/\b(drop|remove|delete|no)\b[^.]*\bbroad(?:[- ]match)?\b/i.test(instruction)) {
    if (campaign.platform !== 'google_search') return { ok: false, reason: 'Only Google search campaigns have keywords with match types; this draft has none.' };
    let dropped = 0;
    for (const g of campaign.adGroups) {
      const kept = g.keywords.filter((k) => k.match !== 'broad');
      dropped += g.keywords.length - kept.length;
      g.keywords = kept;
    }
    if (!dropped) return { ok: false, reason: 'This draft has no broad-match keywords.' };
    return { ok: true, campaign, summary: `Dropped ${dropped} broad-match keyword${dropped === 1 ? '' : 's'}` };
  }
  return { ok: false, reason: 'The offline planner can only shorten a headline ("make headline 3 shorter") or drop the broad-match keywords; rewriting copy (another language, a more urgent tone) needs a language model (set GROQ_API_KEY). You can also change it by hand in the editor.' };
}
