import type { TableColumn } from '../artifacts';

/**
 * Okabe–Ito's colour-blind-safe palette (minus black), then Paul Tol's muted colours for series
 * 8–12; grey is kept for "Other".
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#882255', '#44AA99', '#999933', '#332288', '#AA4499'];
export const OTHER_COLOR = '#9E9E9E';
export const OTHER_LABEL = 'Other';
/** At most this many series (lines, stacks, slices); the rest are grouped as "Other". */
export const MAX_SERIES = 12;

const ACRONYMS = new Set(['id', 'usd', 'eur', 'gbp', 'kpi', 'roi', 'ctr', 'cpc', 'sku', 'url', 'api', 'us', 'uk', 'eu', 'gdp', 'mrr', 'arr', 'aov']);

/** "net_generation" → "Net generation", "totalRevenue" → "Total revenue", "cpc_usd" → "CPC USD". */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.toLowerCase()));
  if (!words.length) return name;
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(' ');
}

/** The symbol people read for a currency code ("USD" → "$", "EUR" → "€"); the code when unknown. */
export function currencySymbol(code: string | undefined): string {
  if (!code) return '$';
  try {
    const part = new Intl.NumberFormat('en', { style: 'currency', currency: code }).formatToParts(0).find((p) => p.type === 'currency');
    return part?.value ?? code;
  } catch {
    return code;
  }
}

/** An axis title from what the column means: "Revenue (USD)", "Conversion rate (%)". */
export function axisTitle(col: TableColumn): string {
  const base = humanize(col.name);
  if (col.unit === 'currency') {
    const code = (col.currency ?? 'USD').toUpperCase();
    return base.toUpperCase().includes(code) ? base : `${base} (${code})`;
  }
  if (col.unit === 'percent' && !/percent|%|share|rate/i.test(base)) return `${base} (%)`;
  return base;
}

/**
 * A d3-format string for a measure: thousands separators always, currency for money, a share
 * as a percentage, and no more decimals than the values need.
 */
export function numberFormat(col: TableColumn, values: number[], purpose: 'axis' | 'tooltip'): string {
  const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const integers = col.kind === 'integer' || values.every((v) => Number.isInteger(v));
  if (col.unit === 'percent') return maxAbs <= 1.5 ? (purpose === 'axis' ? '.0%' : '.1%') : ',.1~f';
  const prefix = col.unit === 'currency' ? '$' : '';
  if (purpose === 'axis' && maxAbs >= 10_000_000) return `${prefix}.3~s`;
  if (integers || maxAbs >= 1000) return `${prefix},.0f`;
  if (col.unit === 'currency') return `${prefix},.2f`;
  return purpose === 'axis' ? ',.2~f' : ',.3~f';
}

export type TimeGrain = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute';

const DAY = 86_400_000;

/** The grain the dates were reported at, from how they align and how far apart they are. */
export function detectGrain(dates: Date[]): TimeGrain {
  const times = [...new Set(dates.map((d) => d.getTime()))].sort((a, b) => a - b);
  let minGap = Infinity;
  for (let i = 1; i < times.length; i++) minGap = Math.min(minGap, times[i] - times[i - 1]);
  const all = (pred: (d: Date) => boolean) => times.every((t) => pred(new Date(t)));
  const midnight = all((d) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0);
  if (!midnight) return all((d) => d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) ? 'hour' : 'minute';
  const firstOfMonth = all((d) => d.getUTCDate() === 1);
  if (firstOfMonth && all((d) => d.getUTCMonth() === 0) && minGap >= 365 * DAY) return 'year';
  if (firstOfMonth && all((d) => d.getUTCMonth() % 3 === 0) && minGap >= 89 * DAY) return 'quarter';
  if (firstOfMonth && minGap >= 28 * DAY) return 'month';
  const weekday = new Date(times[0]).getUTCDay();
  if (times.length > 1 && minGap >= 7 * DAY && all((d) => d.getUTCDay() === weekday)) return 'week';
  return 'day';
}

/** How dates of a grain are written on axes and in tooltips (d3-time-format). */
export const GRAIN_FORMAT: Record<TimeGrain, string> = {
  year: '%Y',
  quarter: 'Q%q %Y',
  month: '%b %Y',
  week: 'Week of %d %b %Y',
  day: '%d %b %Y',
  hour: '%d %b %Y %H:%M',
  minute: '%d %b %Y %H:%M',
};

/** Axis labels are shorter than tooltips: "Week of" is left to the axis title. */
export const GRAIN_AXIS_FORMAT: Record<TimeGrain, string> = { ...GRAIN_FORMAT, week: '%d %b %Y', day: '%d %b %Y', hour: '%d %b %H:%M', minute: '%H:%M' };

/** The Vega-Lite UTC time unit for a grain, so a point is never shifted by the viewer's zone. */
export const GRAIN_TIME_UNIT: Record<TimeGrain, string> = {
  year: 'utcyear',
  quarter: 'utcyearquarter',
  month: 'utcyearmonth',
  week: 'utcyearmonthdate',
  day: 'utcyearmonthdate',
  hour: 'utcyearmonthdatehours',
  minute: 'utcyearmonthdatehoursminutes',
};

const LEADING_ASK = /^(please\s+)?((can|could|would) you\s+)?(please\s+)?(show|give|tell|get|plot|chart|draw|list)( me| us)?\s+/i;

/** A chart title from the question that produced the data: "show me revenue by month?" → "Revenue by month". */
export function titleFromQuestion(question: string | undefined): string | undefined {
  if (!question) return undefined;
  let t = question.trim().replace(/\s+/g, ' ').replace(LEADING_ASK, '');
  t = t.replace(/[?!.\s]+$/, '').replace(/\s*,?\s*(as|in) an? (bar|line|area|donut|pie|scatter) (chart|graph|plot)$/i, '');
  if (!t) return undefined;
  t = t[0].toUpperCase() + t.slice(1);
  return t.length > 80 ? `${t.slice(0, 79)}…` : t;
}
