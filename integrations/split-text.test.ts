import { describe, expect, it } from 'vitest';
import { splitText } from './split-text';

// One splitter for Slack and Teams: each channel passes its own message limit.
describe('splitText', () => {
  it.each([
    ['short text stays whole', 'hello world', 100, 0, ['hello world']],
    ['prefers a paragraph break', 'aaaa bbbb\n\ncccc dddd', 12, 0, ['aaaa bbbb', 'cccc dddd']],
    ['cuts at a paragraph break', 'aaaa aaaa\n\nbbbb bbbb', 14, 0, ['aaaa aaaa', 'bbbb bbbb']],
    ['then a line break', 'aaaa bbbb\ncccc dddd', 12, 0, ['aaaa bbbb', 'cccc dddd']],
    ['then a space', 'aaaa bbbb cccc', 10, 0, ['aaaa bbbb', 'cccc']],
    ['cuts at a space when there is no break', 'one two three four five', 10, 0, ['one two', 'three four', 'five']],
    ['cuts a long word hard', 'abcdefghijkl', 5, 0, ['abcde', 'fghij', 'kl']],
    ['cuts hard inside a long word', 'x'.repeat(25), 10, 0, ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]],
    ['keeps the first part at least as long as what was streamed', 'aaaa\n\nbbbb cccc dddd', 16, 14, ['aaaa\n\nbbbb cccc', 'dddd']],
  ])('%s', (_name, text, max, firstAtLeast, expected) => {
    const parts = splitText(text, max, firstAtLeast);
    expect(parts).toEqual(expected);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(max);
  });

  it.each([
    ['paragraphs', 3000, 40, '\n\n', 1000],
    ['sentences', 300, 17, '.\n\n', 120],
  ])('never returns a piece over the limit and loses no words (%s)', (_name, words, every, sep, max) => {
    const text = Array.from({ length: words }, (_, i) => `word${i}${i % every === 0 ? sep : ' '}`).join('');
    const pieces = splitText(text, max);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
    expect(pieces.join(' ').split(/\s+/).filter(Boolean)).toEqual(text.split(/\s+/).filter(Boolean));
  });
});
