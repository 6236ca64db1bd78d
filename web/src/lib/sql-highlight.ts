export type SqlTokenKind = 'keyword' | 'string' | 'number' | 'comment' | 'function' | 'plain';

const KEYWORDS = new Set(
  `select from where group by order having limit offset join left right inner outer full cross on as and or not in is null
  like ilike between case when then else end distinct union all with insert update delete into values set create table
  drop alter asc desc over partition filter exists true false interval cast lateral using natural returning`.split(/\s+/),
);

const TOKEN = /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*')|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)(?=\s*\()|([A-Za-z_][A-Za-z0-9_]*)|(\s+|[^\sA-Za-z0-9_']+|')/g;

/** Splits SQL into coloured tokens; joining the tokens' text gives back the input exactly. */
export function highlightSql(sql: string): { kind: SqlTokenKind; text: string }[] {
  const out: { kind: SqlTokenKind; text: string }[] = [];
  for (const m of sql.matchAll(TOKEN)) {
    const [text, comment, str, num, fn, word] = m;
    const kind: SqlTokenKind = comment
      ? 'comment'
      : str
        ? 'string'
        : num
          ? 'number'
          : fn
            ? KEYWORDS.has(fn.toLowerCase()) ? 'keyword' : 'function'
            : word && KEYWORDS.has(word.toLowerCase())
              ? 'keyword'
              : 'plain';
    const last = out[out.length - 1];
    if (kind === 'plain' && last?.kind === 'plain') last.text += text;
    else out.push({ kind, text });
  }
  return out;
}
