/**
 * Reading a forecast request from plain words, for the offline planner and for the other tools
 * that must step aside ("forecast revenue for the next 3 months", "what will orders be by
 * region next quarter?", "forecast this").
 */
import type { ForecastGrain } from './calendar';

const FORECAST = /\b(forecast(s|ing|ed)?|predict(ion|ions|ed)?|projections?|projected|outlook)\b|\bwhat will\b.*\bbe\b|\bhow (much|many)\b.*\bwill\b|\bwill\b.*\b(next|coming)\b/i;

/** True when the question asks what a measure will be. */
export function asksForForecast(question: string): boolean {
  return FORECAST.test(question);
}

const NUMBERS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, eighteen: 18, twenty: 20, thirty: 30 };
const UNIT = /\b(?:next|coming|following)\s+(?:(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty)\s+)?(day|week|month|quarter|year)s?\b/i;

export interface ForecastIntent {
  measure?: string;
  by?: string;
  horizon?: number;
  grain?: ForecastGrain;
  level?: number;
}

/** Horizon and grain from "next 3 months", "next quarter" (three months), "next 90 days"… */
export function readHorizon(question: string): { horizon: number; grain: ForecastGrain } | undefined {
  const m = UNIT.exec(question);
  if (!m) return undefined;
  const n = m[1] ? (/^\d+$/.test(m[1]) ? Number(m[1]) : NUMBERS[m[1].toLowerCase()]) : 1;
  const unit = m[2].toLowerCase() as ForecastGrain;
  // A quarter or a year ahead is planned month by month; several years, year by year.
  if (unit === 'quarter') return { horizon: 3 * n, grain: 'month' };
  if (unit === 'year' && n <= 2) return { horizon: 12 * n, grain: 'month' };
  return { horizon: n, grain: unit };
}

const FILLER = /^(the|our|my|total|overall|all|a|an)\s+/i;
const DEICTIC = /^(the|our|my|this|that|it|these|those|them|the table|this table|the data|this data|the numbers|these numbers)$/i;

/** What to forecast, split by what, how far and how sure, as far as the words say. */
export function readForecastIntent(question: string): ForecastIntent {
  const q = question.replace(/[?.!]+\s*$/, '').trim();
  const out: ForecastIntent = {};
  const h = readHorizon(q);
  if (h) Object.assign(out, h);
  const level = /\b(80|90|95|99)\s*%/.exec(q);
  if (level) out.level = Number(level[1]);
  const by = /\b(?:by|per|for each|split by)\s+([a-z_][a-z0-9_ ]*?)(?=\s+(?:for|over|in|next|coming|the|during|with|at)\b|[,;]|$)/i.exec(q);
  if (by && !/^(the |next |coming |day|week|month|quarter|year)/i.test(by[1])) out.by = by[1].trim();

  const what =
    /\bwhat will\s+(.+?)\s+be\b/i.exec(q)?.[1] ??
    /\bhow (?:much|many)\s+(.+?)\s+will\b/i.exec(q)?.[1] ??
    /\b(?:forecast|predict|project)(?:ion)?\s+(?:of\s+|for\s+)?(.+?)(?=\s+(?:by|per|for|over|in|during|next|coming|with|at)\b|[,;]|$)/i.exec(q)?.[1];
  const measure = what?.replace(FILLER, '').replace(FILLER, '').trim();
  if (measure && !DEICTIC.test(measure) && !/^(the\s+)?(next|coming)\b/i.test(measure)) out.measure = measure;
  return out;
}

// Things people count rather than sum: "orders" means the number of orders.
const COUNTED = /^(orders|customers|users|signups|sign-ups|refunds|disputes|charges|payments|transactions|posts|visits|sessions|tickets|deals|leads|subscriptions|subscribers|purchases|sales)$/i;

/** The question query_data is asked for the history behind a forecast: the measure per day (and per split). */
export function historyQuestion(intent: ForecastIntent): string | undefined {
  if (!intent.measure) return undefined;
  const what = COUNTED.test(intent.measure) && intent.measure.toLowerCase() !== 'sales' ? `number of ${intent.measure}` : intent.measure;
  return `daily ${what}${intent.by ? ` by ${intent.by}` : ''}`;
}
