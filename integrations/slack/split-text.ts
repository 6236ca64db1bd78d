/** Slack's limit for `markdown_text` in one message (chat.postMessage, chat.update, a stream). */
export const SLACK_MESSAGE_LIMIT = 12_000;

/**
 * Splits text into pieces of at most `limit` characters, preferring a paragraph break, then a
 * line break, then a space, so a long answer reads as several whole messages.
 */
export function splitText(text: string, limit = SLACK_MESSAGE_LIMIT): string[] {
  if (limit < 1) throw new RangeError('limit must be at least 1');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    for (const sep of ['\n\n', '\n', ' ']) {
      const at = window.lastIndexOf(sep);
      // A break in the first half would leave a stub message; cut hard instead.
      if (at > limit / 2) {
        cut = at;
        break;
      }
    }
    if (cut === -1) cut = limit;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length || !pieces.length) pieces.push(rest);
  return pieces;
}
