/**
 * Splits a long answer into messages of at most `max` characters, cutting at a paragraph, line
 * or sentence end, or a space, where one is near. `firstAtLeast` keeps the first part from being
 * shorter than what was already streamed (Teams wants the final message to contain it).
 */
export function splitText(text: string, max: number, firstAtLeast = 0): string[] {
  if (max < 1) throw new Error('max must be at least 1');
  const parts: string[] = [];
  let rest = text;
  let minCut = Math.min(firstAtLeast, max);
  while (rest.length > max) {
    const cut = bestCut(rest, max, minCut);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    minCut = 0;
  }
  if (rest || !parts.length) parts.push(rest);
  return parts;
}

function bestCut(s: string, max: number, minCut: number): number {
  // Do not look back further than half a message for a nice boundary.
  const floor = Math.max(minCut, Math.floor(max / 2), 1);
  const window = s.slice(0, max + 1);
  for (const sep of ['\n\n', '\n', '. ', ' ']) {
    const at = window.lastIndexOf(sep, max);
    if (at >= floor) return at + sep.length;
  }
  return max;
}
