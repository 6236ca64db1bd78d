import { describe, expect, it } from 'vitest';
import { carryTexts, getAt, insertAt, join, moveAt, removeAt, setAt } from './campaign-ops';

const doc = () => ({ adGroups: [{ id: 'g1', ads: [{ headlines: [{ id: 'h1', text: 'One' }, { id: 'h2', text: 'Two' }, { id: 'h3', text: 'Three' }] }] }] });
const H = '/adGroups/0/ads/0/headlines';
const texts = (d: ReturnType<typeof doc>) => d.adGroups[0].ads[0].headlines.map((h) => h.text);

describe('campaign ops by JSON pointer', () => {
  it('reads and writes by pointer, copying only the path', () => {
    const d = doc();
    const next = setAt(d, `${H}/1/text`, 'Deux');
    expect(getAt(next, `${H}/1/text`)).toBe('Deux');
    expect(getAt(d, `${H}/1/text`)).toBe('Two');
    expect(next.adGroups[0].id).toBe('g1');
    expect(join(H, 2, 'text')).toBe(`${H}/2/text`);
  });

  it('inserts, removes and moves list items', () => {
    expect(texts(insertAt(doc(), H, 1, { id: 'h4', text: 'New' }))).toEqual(['One', 'New', 'Two', 'Three']);
    expect(texts(removeAt(doc(), H, 0))).toEqual(['Two', 'Three']);
    expect(texts(moveAt(doc(), H, 2, 0))).toEqual(['Three', 'One', 'Two']);
    expect(texts(moveAt(doc(), H, 0, 5))).toEqual(['One', 'Two', 'Three']);
  });

  it('undoing a structure keeps the words typed since, by text id', () => {
    const before = doc();
    const removed = removeAt(before, H, 0);
    const typed = setAt(removed, `${H}/0/text`, 'Two, edited');
    expect(texts(carryTexts(typed, before))).toEqual(['One', 'Two, edited', 'Three']);
  });
});
