/** The built-in tiers an admin chooses from; the names are also the CHECK in migration 081. */
export const TIER_NAMES = ['free', 'pro', 'enterprise'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** What is counted: chat messages (web, Slack, Teams), file uploads, SQL statements the tools run. */
export type Metric = 'messages' | 'uploads' | 'sql';

/** Each limit: what it counts and over how long a window (fixed, starting at the first count). */
export const LIMITS = {
  messages_per_minute: { metric: 'messages', windowSeconds: 60, window: 'minute' },
  messages_per_day: { metric: 'messages', windowSeconds: 86_400, window: 'day' },
  uploads_per_day: { metric: 'uploads', windowSeconds: 86_400, window: 'day' },
  sql_runs_per_minute: { metric: 'sql', windowSeconds: 60, window: 'minute' },
} as const satisfies Record<string, { metric: Metric; windowSeconds: number; window: 'minute' | 'day' }>;
export type LimitName = keyof typeof LIMITS;
export const LIMIT_NAMES = Object.keys(LIMITS) as LimitName[];

/** Per limit, how many one user and one whole workspace may use per window. */
export type Tier = Record<LimitName, { user: number; workspace: number }>;
export type TierTable = Record<TierName, Tier>;

/**
 * The tiers' numbers. `pro` is the default (PARLEY_DEFAULT_TIER): far above what a person at a
 * keyboard does, so only scripts and runaway integrations meet it. A workspace's allowance is
 * larger than one user's, so one member cannot use up everyone's.
 */
export const TIERS: TierTable = {
  free: {
    messages_per_minute: { user: 10, workspace: 30 },
    messages_per_day: { user: 200, workspace: 1_000 },
    uploads_per_day: { user: 20, workspace: 100 },
    sql_runs_per_minute: { user: 30, workspace: 100 },
  },
  pro: {
    messages_per_minute: { user: 120, workspace: 600 },
    messages_per_day: { user: 5_000, workspace: 50_000 },
    uploads_per_day: { user: 500, workspace: 5_000 },
    sql_runs_per_minute: { user: 600, workspace: 3_000 },
  },
  enterprise: {
    messages_per_minute: { user: 600, workspace: 6_000 },
    messages_per_day: { user: 50_000, workspace: 1_000_000 },
    uploads_per_day: { user: 5_000, workspace: 100_000 },
    sql_runs_per_minute: { user: 3_000, workspace: 30_000 },
  },
};

/** The limits that count `metric`, shortest window first (a refusal names the soonest retry). */
export function limitsFor(metric: Metric): LimitName[] {
  return LIMIT_NAMES.filter((n) => LIMITS[n].metric === metric).sort((a, b) => LIMITS[a].windowSeconds - LIMITS[b].windowSeconds);
}
