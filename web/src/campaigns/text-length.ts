/**
 * Counts characters as the ad platforms do: by code point (an emoji is one, not two UTF-16
 * units), and — where the platform says so (`countDoubleWidth`) — a double-width character
 * (CJK, full-width forms) counts 2, as Google Ads counts them.
 */
export function countChars(text: string, countDoubleWidth: boolean): number {
  let n = 0;
  for (const ch of text) n += countDoubleWidth && isDoubleWidth(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}

/** East Asian Wide and Fullwidth ranges (Unicode UAX #11), the characters a platform counts twice. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

export function isDoubleWidth(cp: number): boolean {
  return WIDE.some(([from, to]) => cp >= from && cp <= to);
}
