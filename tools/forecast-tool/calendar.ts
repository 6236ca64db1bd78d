/** Calendar periods the forecast tool works in: bucket starts, steps and labels, all in UTC. */
export const FORECAST_GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type ForecastGrain = (typeof FORECAST_GRAINS)[number];

/** The seasonal period a grain suggests (a week of days, a year of months…). */
export const GRAIN_PERIOD: Record<ForecastGrain, number> = { day: 7, week: 52, month: 12, quarter: 4, year: 1 };
/** The furthest ahead the tool forecasts at each grain, whatever the history. */
export const GRAIN_MAX_HORIZON: Record<ForecastGrain, number> = { day: 366, week: 104, month: 36, quarter: 12, year: 5 };
/** How far ahead "forecast this" looks when no horizon was given. */
export const GRAIN_DEFAULT_HORIZON: Record<ForecastGrain, number> = { day: 30, week: 13, month: 6, quarter: 4, year: 2 };
export const GRAIN_RANK: Record<ForecastGrain, number> = { day: 0, week: 1, month: 2, quarter: 3, year: 4 };

/** The start of the period that holds `d` (weeks start on Monday, as Postgres's date_trunc). */
export function periodStart(d: Date, grain: ForecastGrain): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (grain) {
    case 'day':
      return new Date(Date.UTC(y, m, d.getUTCDate()));
    case 'week': {
      const day = new Date(Date.UTC(y, m, d.getUTCDate()));
      const back = (day.getUTCDay() + 6) % 7;
      return new Date(day.getTime() - back * 86_400_000);
    }
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'quarter':
      return new Date(Date.UTC(y, m - (m % 3), 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
  }
}

/** The start of the period `k` steps after the one starting at `start`. */
export function addPeriods(start: Date, grain: ForecastGrain, k: number): Date {
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  switch (grain) {
    case 'day':
      return new Date(Date.UTC(y, m, start.getUTCDate() + k));
    case 'week':
      return new Date(Date.UTC(y, m, start.getUTCDate() + 7 * k));
    case 'month':
      return new Date(Date.UTC(y, m + k, 1));
    case 'quarter':
      return new Date(Date.UTC(y, m + 3 * k, 1));
    case 'year':
      return new Date(Date.UTC(y + k, 0, 1));
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A period as people say it: "Mar 2026", "Q2 2026", "week of 2 Mar 2026", "2026". */
export function periodLabel(start: Date, grain: ForecastGrain): string {
  const y = start.getUTCFullYear();
  const m = MONTHS[start.getUTCMonth()];
  if (grain === 'year') return String(y);
  if (grain === 'quarter') return `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${y}`;
  if (grain === 'month') return `${m} ${y}`;
  const day = `${start.getUTCDate()} ${m} ${y}`;
  return grain === 'week' ? `week of ${day}` : day;
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
