import { describe, expect, it } from 'vitest';
import { isUpKey, nearBottom, nextFollow, NEAR_BOTTOM_PX, type ScrollMetrics } from './follow-bottom';

// A 1000 px conversation in a 400 px view: the bottom is at scrollTop 600.
const at = (scrollTop: number, scrollHeight = 1000): ScrollMetrics => ({ scrollTop, scrollHeight, clientHeight: 400 });

describe('nearBottom', () => {
  it.each([
    [600, true],
    [600 - NEAR_BOTTOM_PX, true],
    [600 - NEAR_BOTTOM_PX - 1, false],
    [0, false],
  ])('scrollTop %i → %s', (top, expected) => expect(nearBottom(at(top))).toBe(expected));
});

describe('nextFollow', () => {
  it.each([
    { name: 'sending follows even after the reader left', following: false, signal: { kind: 'sent' } as const, expected: true },
    { name: 'a wheel or key up stops following before its scroll lands', following: true, signal: { kind: 'reader-up' } as const, expected: false },
    { name: 'scrolling up away from the bottom stops following', following: true, signal: { kind: 'scrolled', fromTop: 600, now: at(300) } as const, expected: false },
    { name: 'scrolling up a little, still near the bottom, keeps following', following: true, signal: { kind: 'scrolled', fromTop: 600, now: at(580) } as const, expected: true },
    { name: 'scrolling back to the bottom resumes following', following: false, signal: { kind: 'scrolled', fromTop: 300, now: at(590) } as const, expected: true },
    { name: 'scrolling down but not to the bottom leaves it off', following: false, signal: { kind: 'scrolled', fromTop: 100, now: at(300) } as const, expected: false },
    { name: 'content growing under a following view does not stop it', following: true, signal: { kind: 'scrolled', fromTop: 600, now: at(600, 1400) } as const, expected: true },
    { name: 'content growing under a reader who left does not restart it', following: false, signal: { kind: 'scrolled', fromTop: 200, now: at(200, 1400) } as const, expected: false },
  ])('$name', ({ following, signal, expected }) => expect(nextFollow(following, signal)).toBe(expected));
});

describe('isUpKey', () => {
  it.each([
    ['PageUp', true],
    ['ArrowUp', true],
    ['Home', true],
    ['PageDown', false],
    ['a', false],
  ])('%s → %s', (key, expected) => expect(isUpKey(key)).toBe(expected));
});
