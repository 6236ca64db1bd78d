/**
 * What an uploaded file really is, from its bytes: the kind (magic bytes, not the name), the text
 * encoding, and the delimiter of delimited text. Pure functions; the worker does the loading.
 */
export const FILE_KINDS = ['csv', 'xlsx', 'json', 'parquet'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export type SniffResult = { ok: true; kind: FileKind } | { ok: false; code: 'upload:wrong_type' | 'upload:unsupported'; message: string };

const EXT_KIND: Record<string, FileKind> = { csv: 'csv', tsv: 'csv', txt: 'csv', tab: 'csv', psv: 'csv', xlsx: 'xlsx', json: 'json', ndjson: 'json', jsonl: 'json', parquet: 'parquet' };

function extension(name: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

function isZip(b: Uint8Array) {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
function isParquet(b: Uint8Array) {
  return b.length >= 8 && b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;
}
/** Old Excel (BIFF in an OLE2 container) starts D0 CF 11 E0. */
function isOle2(b: Uint8Array) {
  return b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

/** Bytes no text file has (NUL outside UTF-16, other C0 controls than tab/CR/LF/FF/ESC). */
function looksBinary(head: Uint8Array, enc: TextEncodingName): boolean {
  if (enc === 'utf-16le' || enc === 'utf-16be') return false;
  let bad = 0;
  for (const c of head) if (c === 0 || c < 8 || (c > 13 && c < 27)) bad++;
  return bad > 0;
}

/** The file's kind from its first bytes, checked against the kind its name claims. */
export function sniffKind(name: string, head: Uint8Array): SniffResult {
  const ext = extension(name);
  if (ext === 'xls') return { ok: false, code: 'upload:unsupported', message: `"${name}" is an old Excel (.xls) file. Save it as .xlsx or CSV and upload that.` };
  const claimed = EXT_KIND[ext];
  const actual: FileKind | 'binary' | 'text' = isZip(head) ? 'xlsx' : isParquet(head) ? 'parquet' : isOle2(head) ? 'binary' : looksBinary(head.subarray(0, 4096), detectEncoding(head)) ? 'binary' : 'text';
  if (!claimed) {
    if (actual === 'text') return { ok: true, kind: looksLikeJson(head) ? 'json' : 'csv' };
    if (actual === 'binary') return { ok: false, code: 'upload:unsupported', message: `Parley cannot read "${name}": it is not CSV, TSV, Excel (.xlsx), JSON or Parquet.` };
    return { ok: true, kind: actual };
  }
  const fits = claimed === 'csv' || claimed === 'json' ? actual === 'text' : actual === claimed;
  if (!fits) return { ok: false, code: 'upload:wrong_type', message: `"${name}" is named like a ${claimed.toUpperCase()} file, but its contents are not ${claimed.toUpperCase()}.` };
  return { ok: true, kind: claimed };
}

function looksLikeJson(head: Uint8Array): boolean {
  const text = decodeText(head.subarray(0, 1024), detectEncoding(head)).trimStart();
  return text.startsWith('[') || text.startsWith('{');
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The encoding of a text file: a BOM decides; else valid UTF-8 is UTF-8; else Windows-1252
 * (a superset of Latin-1 for printable text, which is what spreadsheets export in the West).
 */
export function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // A cut in the middle of a character at the end of the sample is not an error.
  const sample = bytes.subarray(0, 1 << 20);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Text without its BOM. */
export function decodeText(bytes: Uint8Array, enc: TextEncodingName): string {
  // TextDecoder drops the BOM itself (ignoreBOM defaults to false).
  return new TextDecoder(enc).decode(bytes);
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

/** Counts of `d` per line, outside double quotes, for the first lines of `text`. */
function countsPerLine(text: string, d: string, lines: number): number[] {
  const counts: number[] = [];
  let n = 0;
  let quoted = false;
  for (let i = 0; i < text.length && counts.length < lines; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === d) n++;
    else if (!quoted && c === '\n') {
      counts.push(n);
      n = 0;
    }
  }
  if (counts.length < lines && n > 0) counts.push(n);
  return counts;
}

/**
 * The delimiter that splits the first lines into the same number of fields most consistently
 * (DuckDB's own sniffer has taken a pipe for a comma: duckdb #14115). Ties go to the list order.
 */
export function detectDelimiter(text: string): string {
  let best: { d: string; score: number } = { d: ',', score: -1 };
  for (const d of DELIMITERS) {
    const counts = countsPerLine(text.slice(0, 64 * 1024), d, 30);
    if (!counts.length || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = same * 10 + Math.min(counts[0], 50) / 50;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}

/** A column name people and SQL can both use: lower case, words joined by `_`, unique in its table. */
export function columnNames(raw: string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((r, i) => {
    let n = r
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (!n) n = `column_${i + 1}`;
    if (/^[0-9]/.test(n)) n = `c_${n}`;
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k ? `${n}_${k + 1}` : n;
  });
}

/** A table name from a file or sheet name, unique among `taken`. */
export function tableName(raw: string, taken: Set<string>): string {
  const base = columnNames([raw.replace(/\.[A-Za-z0-9]+$/, '')])[0].slice(0, 60) || 'data';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
