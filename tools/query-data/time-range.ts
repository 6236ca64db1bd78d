/** Time ranges and grains in plain language, resolved against "today". */
export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';

export interface DateRange {
  /** Inclusive start, ISO date; absent: open. */
  from?: string;
  /** Exclusive end, ISO date; absent: open. */
  to?: string;
  label: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
function utc(y: number, m: number, d = 1): Date {
  return new Date(Date.UTC(y, m, d));
}
function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * 86_400_000);
}

const GRAIN_WORDS: [RegExp, Grain][] = [
  [/\b(daily|by day|per day|each day|day by day|by date)\b/, 'day'],
  [/\b(weekly|by week|per week|each week)\b/, 'week'],
  [/\b(monthly|by month|per month|each month|month by month|over time|trend)\b/, 'month'],
  [/\b(quarterly|by quarter|per quarter|each quarter)\b/, 'quarter'],
  [/\b(yearly|annually|annual|by year|per year|each year|year by year)\b/, 'year'],
];

export function parseGrain(q: string): Grain | undefined {
  const s = q.toLowerCase();
  return GRAIN_WORDS.find(([re]) => re.test(s))?.[1];
}

/** The date range a question names, or undefined. `today` is an ISO date. */
export function parseRange(q: string, today: string): DateRange | undefined {
  const s = q.toLowerCase();
  const t = new Date(`${today}T00:00:00Z`);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  const tomorrow = iso(addDays(t, 1));
  let r: RegExpExecArray | null;

  if ((r = /\bbetween (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})\b/.exec(s))) {
    return { from: r[1], to: iso(addDays(new Date(`${r[2]}T00:00:00Z`), 1)), label: `${r[1]} to ${r[2]}` };
  }
  if ((r = /\b(?:from|since|after) (\d{4}-\d{2}-\d{2})\b/.exec(s))) return { from: r[1], label: `since ${r[1]}` };
  if ((r = /\bq([1-4])\s+(\d{4})\b/.exec(s))) {
    const qn = Number(r[1]) - 1;
    const yy = Number(r[2]);
    return { from: iso(utc(yy, qn * 3)), to: iso(utc(yy, qn * 3 + 3)), label: `Q${qn + 1} ${yy}` };
  }
  if ((r = new RegExp(`\\b(${MONTHS.join('|')})\\s+(\\d{4})\\b`).exec(s))) {
    const mm = MONTHS.indexOf(r[1]);
    const yy = Number(r[2]);
    return { from: iso(utc(yy, mm)), to: iso(utc(yy, mm + 1)), label: `${r[1][0].toUpperCase()}${r[1].slice(1)} ${yy}` };
  }
  if ((r = /\b(?:in|during|for|of)\s+(\d{4})\b/.exec(s)) || (r = /^\s*(\d{4})\b/.exec(s))) {
    const yy = Number(r[1]);
    if (yy > 1900 && yy < 2200) return { from: iso(utc(yy, 0)), to: iso(utc(yy + 1, 0)), label: `${yy}` };
  }
  if ((r = /\b(?:last|past|previous)\s+(\d+)\s+(day|week|month|year)s?\b/.exec(s))) {
    const n = Number(r[1]);
    const unit = r[2];
    const from = unit === 'day' ? addDays(t, -n) : unit === 'week' ? addDays(t, -7 * n) : unit === 'month' ? utc(y, m - n, t.getUTCDate()) : utc(y - n, m, t.getUTCDate());
    return { from: iso(from), to: tomorrow, label: `last ${n} ${unit}s` };
  }
  if (/\byesterday\b/.test(s)) return { from: iso(addDays(t, -1)), to: today, label: 'yesterday' };
  if (/\btoday\b/.test(s)) return { from: today, to: tomorrow, label: 'today' };
  const weekStart = addDays(t, -((t.getUTCDay() + 6) % 7));
  const qStart = Math.floor(m / 3) * 3;
  if (/\b(last|previous|past) week\b/.test(s)) return { from: iso(addDays(weekStart, -7)), to: iso(weekStart), label: 'last week' };
  if (/\bthis week\b/.test(s)) return { from: iso(weekStart), to: tomorrow, label: 'this week' };
  if (/\b(last|previous|past) month\b/.test(s)) return { from: iso(utc(y, m - 1)), to: iso(utc(y, m)), label: 'last month' };
  if (/\bthis month\b/.test(s)) return { from: iso(utc(y, m)), to: tomorrow, label: 'this month' };
  if (/\b(last|previous|past) quarter\b/.test(s)) return { from: iso(utc(y, qStart - 3)), to: iso(utc(y, qStart)), label: 'last quarter' };
  if (/\bthis quarter\b/.test(s)) return { from: iso(utc(y, qStart)), to: tomorrow, label: 'this quarter' };
  if (/\b(last|previous|past) year\b/.test(s)) return { from: iso(utc(y - 1, 0)), to: iso(utc(y, 0)), label: `last year (${y - 1})` };
  if (/\b(this year|year to date|ytd)\b/.test(s)) return { from: iso(utc(y, 0)), to: tomorrow, label: `this year (${y})` };
  return undefined;
}
