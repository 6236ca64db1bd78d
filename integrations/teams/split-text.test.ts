import { describe, expect, it } from 'vitest';
import { splitText } from './split-text';

describe('splitText', () => {
  it.each([
    ['short text stays whole', 'hello world', 50, 0, ['hello world']],
    ['cuts at a paragraph break', 'aaaa aaaa\n\nbbbb bbbb', 14, 0, ['aaaa aaaa', 'bbbb bbbb']],
    ['cuts at a space when there is no break', 'one two three four five', 10, 0, ['one two', 'three four', 'five']],
    ['cuts hard inside a long word', 'x'.repeat(25), 10, 0, ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]],
    ['keeps the first part at least as long as what was streamed', 'aaaa\n\nbbbb cccc dddd', 16, 14, ['aaaa\n\nbbbb cccc', 'dddd']],
  ])('%s', (_name, text, max, firstAtLeast, expected) => {
    const parts = splitText(text, max, firstAtLeast);
    expect(parts).toEqual(expected);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(max);
  });

  it('loses no words', () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}${i % 17 === 0 ? '.\n\n' : ' '}`).join('');
    const parts = splitText(text, 120);
    expect(parts.join(' ').split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
  });
});
