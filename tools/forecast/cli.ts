/**
 * `npm run -s forecast -- --in <file.csv> --horizon <h> [--period <m>] [--level 95]
 * [--method <name>] --out <file.csv>`: batch forecasts from a long CSV `series_id,t,value`
 * (t an integer index or an ISO date) to `series_id,h,forecast,lower,upper,method`.
 * Bad arguments or a malformed file: a message naming the problem (and line), exit 2.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { forecast, ForecastInputError } from './forecast';
import { isMethodName, METHOD_NAMES, type MethodName } from './methods';

export class CliError extends Error {}

export type CliArgs = { in: string; out: string; horizon: number; period?: number; level: number; method?: MethodName };

export function parseArgs(argv: string[]): CliArgs {
  const got: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new CliError(`unexpected argument '${a}'`);
    const [key, inline] = a.slice(2).split('=', 2);
    if (!['in', 'out', 'horizon', 'period', 'level', 'method'].includes(key)) throw new CliError(`unknown option --${key}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CliError(`--${key} needs a value`);
    got[key] = value;
  }
  for (const k of ['in', 'out', 'horizon']) if (!got[k]) throw new CliError(`--${k} is required`);
  const int = (k: string, min: number) => {
    const v = Number(got[k]);
    if (!Number.isInteger(v) || v < min) throw new CliError(`--${k} must be a whole number of at least ${min}, not '${got[k]}'`);
    return v;
  };
  const level = got.level === undefined ? 95 : Number(got.level);
  if (!(level > 0 && level < 100)) throw new CliError(`--level must be between 0 and 100 (e.g. 95), not '${got.level}'`);
  if (got.method !== undefined && !isMethodName(got.method)) throw new CliError(`--method must be one of ${METHOD_NAMES.join(', ')}; not '${got.method}'`);
  return {
    in: got.in,
    out: got.out,
    horizon: int('horizon', 1),
    period: got.period === undefined ? undefined : int('period', 1),
    level,
    method: got.method as MethodName | undefined,
  };
}

/** Series in order of first appearance, each sorted by t; within a series t is all integers or all dates. */
export function readLongCsv(text: string): Map<string, number[]> {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    throw new CliError(`malformed CSV: ${(e as Error).message}`);
  }
  if (!rows.length) throw new CliError('the input file is empty');
  const header = rows[0].map((h) => h.toLowerCase());
  if (header.join(',') !== 'series_id,t,value') throw new CliError(`line 1: the header must be series_id,t,value, not '${rows[0].join(',')}'`);
  const points = new Map<string, { t: number; v: number; line: number }[]>();
  const kinds = new Map<string, 'index' | 'date'>();
  rows.slice(1).forEach(([id, t, value], i) => {
    const line = i + 2;
    if (!id) throw new CliError(`line ${line}: series_id is empty`);
    const isIndex = /^-?\d+$/.test(t);
    const date = isIndex ? NaN : Date.parse(t);
    if (!isIndex && (!/^\d{4}-\d{2}(-\d{2})?/.test(t) || Number.isNaN(date))) throw new CliError(`line ${line}: t must be an integer or an ISO date, not '${t}'`);
    const k = isIndex ? 'index' : 'date';
    if ((kinds.get(id) ?? k) !== k) throw new CliError(`line ${line}: t mixes integer indices and dates in series '${id}'`);
    kinds.set(id, k);
    const v = Number(value);
    if (value === '' || !Number.isFinite(v)) throw new CliError(`line ${line}: value must be a number, not '${value}'`);
    const list = points.get(id) ?? [];
    list.push({ t: isIndex ? Number(t) : date, v, line });
    points.set(id, list);
  });
  const out = new Map<string, number[]>();
  for (const [id, list] of points) {
    list.sort((a, b) => a.t - b.t);
    for (let i = 1; i < list.length; i++) {
      if (list[i].t === list[i - 1].t) throw new CliError(`line ${Math.max(list[i].line, list[i - 1].line)}: series '${id}' repeats a t (also on line ${Math.min(list[i].line, list[i - 1].line)})`);
    }
    out.set(id, list.map((p) => p.v));
  }
  return out;
}

export function runCli(argv: string[]): void {
  const args = parseArgs(argv);
  let text: string;
  try {
    text = readFileSync(args.in, 'utf8');
  } catch {
    throw new CliError(`cannot read --in '${args.in}'`);
  }
  const lines = ['series_id,h,forecast,lower,upper,method'];
  for (const [id, y] of readLongCsv(text)) {
    let f;
    try {
      f = forecast(y, { horizon: args.horizon, period: args.period, level: args.level, method: args.method });
    } catch (e) {
      if (e instanceof ForecastInputError) throw new CliError(`series '${id}': ${e.message}`);
      throw e;
    }
    for (const w of f.warnings) process.stderr.write(`${id}: ${w}\n`);
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    f.mean.forEach((v, j) => lines.push([quote(id), j + 1, v, f.lower[j], f.upper[j], f.method].join(',')));
  }
  writeFileSync(args.out, lines.join('\n') + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    runCli(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`forecast: ${e.message}\n`);
    process.exit(2);
  }
}
