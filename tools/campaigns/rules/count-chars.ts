/**
 * Counting characters the way the ad platforms count them. Every platform counts Unicode code
 * points, not UTF-16 units (so "é" and "𝐀" are one each); Google also counts double-width
 * characters (CJK ideographs, kana, hangul, full-width forms) as two — its limits for Chinese,
 * Japanese and Korean are half the single-width ones (adspolicy/answer/14848297).
 */

/** Code point ranges of East Asian Wide / Fullwidth characters (Unicode EAW W and F), emoji excluded: emoji are refused by a rule of their own. */
const DOUBLE_WIDTH_RANGES: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // full-width ASCII variants
  [0xffe0, 0xffe6], // full-width signs
  [0x20000, 0x3fffd], // CJK extensions B and later
];

export function isDoubleWidth(codePoint: number): boolean {
  for (const [from, to] of DOUBLE_WIDTH_RANGES) {
    if (codePoint < from) return false;
    if (codePoint <= to) return true;
  }
  return false;
}

/** How much one character weighs against a limit. */
function weight(char: string, countDoubleWidth: boolean): number {
  return countDoubleWidth && isDoubleWidth(char.codePointAt(0)!) ? 2 : 1;
}

/** The length of `text` as a platform counts it. */
export function countChars(text: string, countDoubleWidth: boolean): number {
  let total = 0;
  for (const char of text) total += weight(char, countDoubleWidth);
  return total;
}

/** True when `text` holds any double-width character (so a message can say why it counts more than it shows). */
export function hasDoubleWidth(text: string): boolean {
  for (const char of text) if (isDoubleWidth(char.codePointAt(0)!)) return true;
  return false;
}

/**
 * The UTF-16 offset in `text` where the characters past `max` begin, or -1 when it fits.
 * Spans are UTF-16 offsets so an editor can `text.slice(start, end)` them directly.
 */
export function overflowStart(text: string, max: number, countDoubleWidth: boolean): number {
  let total = 0;
  let offset = 0;
  for (const char of text) {
    total += weight(char, countDoubleWidth);
    if (total > max) return offset;
    offset += char.length;
  }
  return -1;
}
