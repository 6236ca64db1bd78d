import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';

/** Raised for a workbook Parley refuses to open; `code` is the ParleyError code the server answers with. */
export class WorkbookRefusal extends Error {
  constructor(
    readonly code: 'upload:too_large_expanded' | 'upload:unreadable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The uncompressed size the zip's central directory declares. A zip bomb declares a huge size
 * (or lies: the cell cap in `sheetRows` catches that while reading).
 */
export async function declaredUnzippedBytes(path: string): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const tail = Buffer.alloc(Math.min(size, 65_557));
    await fh.read(tail, 0, tail.length, size - tail.length);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new WorkbookRefusal('upload:unreadable', 'the workbook is not a complete zip archive');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    let total = 0;
    for (let p = 0, i = 0; i < entries && p + 46 <= cd.length; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new WorkbookRefusal('upload:unreadable', 'the workbook\'s zip directory is damaged');
      total += cd.readUInt32LE(p + 24);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    return total;
  } finally {
    await fh.close();
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel keeps times of day as dates on 1899-12-30 (the day before its day 1). */
function cellDate(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (day === '1899-12-30') return time;
  return time === '00:00:00' ? day : `${day} ${time}`;
}

/** Text like `1,234.5` that is a number a spreadsheet stored as text. */
const THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** One cell as a plain value: formulas give their cached result, dates ISO text, numbers-as-text numbers. */
export function cellValue(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : cellDate(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    return THOUSANDS.test(t) ? Number(t.replace(/,/g, '')) : v;
  }
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
    if ('result' in o) return cellValue(o.result);
    if (o.richText) return o.richText.map((p) => p.text).join('');
    if (o.error) return null;
    if (o.text !== undefined) return cellValue(o.text);
  }
  return String(v);
}

export interface SheetRows {
  name: string;
  rows: AsyncGenerator<(string | number | boolean | null)[]>;
}

/**
 * Every visible sheet's rows as plain values, streamed (a 1M-row sheet stays near 200 MB). Reading
 * stops with a refusal past `maxCells` cells, whatever the zip directory said.
 */
export async function* sheetRows(path: string, maxCells: number): AsyncGenerator<SheetRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore', entries: 'ignore' });
  let cells = 0;
  for await (const ws of reader as AsyncIterable<AsyncIterable<{ values: unknown[] }> & { name?: string; state?: string; id?: number }>) {
    const hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
    async function* rows() {
      for await (const row of ws) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        cells += values.length;
        if (cells > maxCells) throw new WorkbookRefusal('upload:too_large_expanded', `the workbook has more than ${maxCells.toLocaleString('en-US')} cells`);
        yield values.map(cellValue);
      }
    }
    const it = rows();
    // A hidden sheet is still read through (the stream is sequential), only not kept.
    if (hidden) {
      for await (const _ of it) void _;
      continue;
    }
    yield { name: ws.name ?? `Sheet${ws.id ?? ''}`, rows: it };
  }
}
