import { describe, expect, it } from 'vitest';
import { splitText } from './split-text';

describe('splitText', () => {
  it.each([
    { name: 'short text stays whole', text: 'hello world', limit: 100, want: ['hello world'] },
    { name: 'prefers a paragraph break', text: 'aaaa bbbb\n\ncccc dddd', limit: 12, want: ['aaaa bbbb', 'cccc dddd'] },
    { name: 'then a line break', text: 'aaaa bbbb\ncccc dddd', limit: 12, want: ['aaaa bbbb', 'cccc dddd'] },
    { name: 'then a space', text: 'aaaa bbbb cccc', limit: 10, want: ['aaaa bbbb', 'cccc'] },
    { name: 'cuts a long word hard', text: 'abcdefghijkl', limit: 5, want: ['abcde', 'fghij', 'kl'] },
  ])('$name', ({ text, limit, want }) => {
    expect(splitText(text, limit)).toEqual(want);
  });

  it('never returns a piece over the limit and loses no words', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i}${i % 40 === 0 ? '\n\n' : ' '}`).join('');
    const pieces = splitText(text, 1000);
    expect(pieces.length).toBeGreaterThan(10);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(1000);
    expect(pieces.join(' ').split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
  });
});
