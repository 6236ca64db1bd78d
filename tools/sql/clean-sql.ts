/**
 * Pulls the SQL out of what a (small) model wrote: a ```sql fence, prose before or after it,
 * a trailing semicolon. Returns the first statement-looking text, trimmed.
 */
export function cleanSql(text: string): string {
  let s = text.trim();
  const fence = /```(?:sql|postgres|postgresql|pgsql)?\s*\n?([\s\S]*?)```/i.exec(s);
  if (fence) s = fence[1].trim();
  else {
    // No fence: skip any prose before the first SELECT/WITH.
    const start = /\b(with|select)\b/i.exec(s);
    if (start) s = s.slice(start.index);
  }
  // Prose after the query: cut at the first blank line that is followed by ordinary words.
  const para = /\n\s*\n(?=\s*[A-Z][a-z]+\s)/.exec(s);
  if (para) s = s.slice(0, para.index);
  return s.trim().replace(/;\s*$/, '').trim();
}
