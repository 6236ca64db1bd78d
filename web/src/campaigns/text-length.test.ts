import { describe, expect, it } from 'vitest';
import { countChars } from './text-length';

describe('countChars', () => {
  it.each([
    ['Hiking boots', false, 12],
    ['Hiking boots', true, 12],
    ['Boots 🥾', false, 7],
    ['登山靴', false, 3],
    ['登山靴', true, 6],
    ['ＡＢ', true, 4],
    ['한국', true, 4],
    ['', true, 0],
  ])('%j (double width %s) counts %i', (text, wide, n) => {
    expect(countChars(text, wide)).toBe(n);
  });
});
