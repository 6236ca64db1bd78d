import type { ColumnKind, TableArtifactData, TableColumn } from '../artifacts';
import type { ExecuteResult } from './execute';

/** Postgres type oids Parley formats specially; anything else reads as text. */
const TYPES: Record<number, { dbType: string; kind: ColumnKind }> = {
  16: { dbType: 'boolean', kind: 'boolean' },
  20: { dbType: 'bigint', kind: 'integer' },
  21: { dbType: 'smallint', kind: 'integer' },
  23: { dbType: 'integer', kind: 'integer' },
  26: { dbType: 'oid', kind: 'integer' },
  700: { dbType: 'real', kind: 'number' },
  701: { dbType: 'double precision', kind: 'number' },
  790: { dbType: 'money', kind: 'string' },
  1700: { dbType: 'numeric', kind: 'number' },
  25: { dbType: 'text', kind: 'string' },
  19: { dbType: 'name', kind: 'string' },
  1042: { dbType: 'character', kind: 'string' },
  1043: { dbType: 'character varying', kind: 'string' },
  2950: { dbType: 'uuid', kind: 'string' },
  1082: { dbType: 'date', kind: 'date' },
  1083: { dbType: 'time', kind: 'string' },
  1114: { dbType: 'timestamp', kind: 'timestamp' },
  1184: { dbType: 'timestamptz', kind: 'timestamp' },
  1186: { dbType: 'interval', kind: 'string' },
  114: { dbType: 'json', kind: 'json' },
  3802: { dbType: 'jsonb', kind: 'json' },
};

const MONEY = /(revenue|amount|price|spend|cost|sales|income|profit|budget|payout|refund|fee|balance|gmv|aov|earning|value)/i;
const NOT_MONEY = /(count|qty|quantity|number|num_|_num|_id$|^id$|rate|pct|percent|ratio|share)/i;

function pad(n: number, w = 2) {
  return String(n).padStart(w, '0');
}

interface Interval {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/** An interval as Postgres prints it: `1 year 2 mons 3 days 04:05:06`. */
export function formatInterval(i: Interval): string {
  const parts: string[] = [];
  if (i.years) parts.push(`${i.years} year${Math.abs(i.years) === 1 ? '' : 's'}`);
  if (i.months) parts.push(`${i.months} mon${Math.abs(i.months) === 1 ? '' : 's'}`);
  if (i.days) parts.push(`${i.days} day${Math.abs(i.days) === 1 ? '' : 's'}`);
  const h = i.hours ?? 0;
  const m = i.minutes ?? 0;
  const sec = (i.seconds ?? 0) + (i.milliseconds ?? 0) / 1000;
  if (h || m || sec || !parts.length) {
    const neg = h < 0 || m < 0 || sec < 0;
    const abs = (x: number) => Math.abs(x);
    const secText = Number.isInteger(sec) ? pad(abs(sec)) : abs(sec).toFixed(6).replace(/0+$/, '').padStart(9, '0');
    parts.push(`${neg ? '-' : ''}${pad(abs(h))}:${pad(abs(m))}:${secText}`);
  }
  return parts.join(' ');
}

/** JSON-safe value for a column kind (bigint/numeric strings become numbers when exact enough). */
export function normalizeValue(v: unknown, kind: ColumnKind, oid: number): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return String(v);
    // `date` and `timestamp` come back as local-time Dates; print the wall-clock value Postgres had.
    if (oid === 1082) return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}`;
    if (oid === 1114) return `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}T${pad(v.getHours())}:${pad(v.getMinutes())}:${pad(v.getSeconds())}`;
    return v.toISOString();
  }
  if ((kind === 'integer' || kind === 'number') && typeof v === 'string') {
    const n = Number(v);
    if (Number.isFinite(n) && (kind === 'number' || Number.isSafeInteger(n))) return n;
    return v;
  }
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (oid === 1186 && typeof v === 'object' && v) return formatInterval(v as Interval);
  if (typeof v === 'object' && v && 'toPostgres' in v && typeof (v as { toPostgres: unknown }).toPostgres === 'function') {
    return (v as { toPostgres(): string }).toPostgres();
  }
  return v;
}

export function columnsOf(fields: ExecuteResult['fields']): TableColumn[] {
  return fields.map((f) => {
    const t = TYPES[f.dataTypeID] ?? { dbType: `oid ${f.dataTypeID}`, kind: 'string' as ColumnKind };
    const col: TableColumn = { name: f.name, kind: t.kind, dbType: t.dbType };
    if ((t.kind === 'number' || t.kind === 'integer') && MONEY.test(f.name) && !NOT_MONEY.test(f.name)) col.unit = 'currency';
    return col;
  });
}

/** The `table` artifact for a result, in the shared shape every channel renders. */
export function toTableArtifact(result: ExecuteResult, meta: { sql: string; datasource: string; question?: string }): TableArtifactData {
  const columns = columnsOf(result.fields);
  const rows = result.rows.map((r) => result.fields.map((f, i) => normalizeValue(r[i], columns[i].kind, f.dataTypeID)));
  return { columns, rows, rowCount: result.rowCount, truncated: result.truncated, sql: meta.sql, datasource: meta.datasource, question: meta.question };
}
