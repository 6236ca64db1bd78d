import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { ParleyError } from '../../agent/errors';
import { LIMIT_NAMES, LIMITS, TIERS, limitsFor, type LimitName, type Metric, type TierName, type TierTable } from './tiers';

/** Whose allowance an action uses: theirs and their workspace's. */
export interface LimitSubject {
  workspaceId: string;
  userId: string;
}

export type Scope = 'user' | 'workspace';
const SCOPES: Scope[] = ['user', 'workspace'];

export interface LimitUsage {
  limit: number;
  used: number;
  remaining: number;
  /** When the current window ends; null when nothing was counted in it. */
  resetsInSeconds: number | null;
}

/** What GET /api/limits shows: the tiers in force and each limit's use. */
export interface LimitsStatus {
  /** The tier the caller's own limits follow: their override, else the workspace's. */
  tier: TierName;
  workspaceTier: TierName;
  /** The caller's override, set by an admin; null: the workspace's tier. */
  userTier: TierName | null;
  /** PARLEY_DEFAULT_TIER: the tier of a workspace no admin chose one for. */
  defaultTier: TierName;
  limits: Record<LimitName, { window: 'minute' | 'day'; windowSeconds: number; user: LimitUsage; workspace: LimitUsage }>;
}

/** A counted action; `refund` gives the count back when the action turned out not to happen (bad input). */
export interface Admission {
  refund(): Promise<void>;
}

export interface RateLimits {
  /** Counts one `metric` for the subject; throws ParleyError `rate_limited` (429, with retryAfterSeconds) over any allowance, counting nothing. */
  consume(who: LimitSubject, metric: Metric): Promise<Admission>;
  status(who: LimitSubject): Promise<LimitsStatus>;
  /** null: back to the default tier. */
  setWorkspaceTier(workspaceId: string, tier: TierName | null): Promise<void>;
  /** null: the workspace's tier again. False when the user is not in the workspace. */
  setUserTier(workspaceId: string, userId: string, tier: TierName | null): Promise<boolean>;
  close(): void;
}

export interface RateLimitsOptions {
  pool: pg.Pool;
  defaultTier: TierName;
  /** The built-in tiers (TIERS) unless given. */
  tiers?: TierTable;
}

const TABLE = 'rate_limits';
const SWEEP_MS = 5 * 60_000;

const WHAT: Record<Metric, string> = { messages: 'messages', uploads: 'file uploads', sql: 'SQL queries' };

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

function refused(name: LimitName, scope: Scope, tier: TierName, limit: number, msBeforeNext: number): ParleyError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const { metric, window } = LIMITS[name];
  const whose = scope === 'user' ? 'You have' : 'Your workspace has';
  const raise = scope === 'user' ? 'ask an admin for a higher tier' : "ask an admin to raise the workspace's tier";
  return new ParleyError('rate_limited', {
    status: 429,
    userMessage: `${whose} reached the limit of ${limit} ${WHAT[metric]} per ${window} on the ${tier} tier. Try again in ${inWords(retryAfterSeconds)}, or ${raise}.`,
    message: `rate limited: ${name} (${scope}, ${tier})`,
    details: { retryAfterSeconds },
  });
}

/**
 * Per-user and per-workspace limits counted in Postgres with rate-limiter-flexible's Postgres
 * store, so every Parley on one database shares the counts. One limiter per tier, limit and
 * scope; those of one limit and scope share their keys, so a tier change keeps what was used.
 */
export function createRateLimits(opts: RateLimitsOptions): RateLimits {
  const { pool, defaultTier } = opts;
  const tiers = opts.tiers ?? TIERS;
  const limiters = new Map<string, RateLimiterPostgres>();

  function limiter(tier: TierName, name: LimitName, scope: Scope): RateLimiterPostgres {
    const k = `${tier}|${name}|${scope}`;
    let l = limiters.get(k);
    if (!l) {
      l = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: TABLE,
        // Migration 081 made the table; the library's own CREATE would run at every start.
        tableCreated: true,
        // One sweep below instead of a timer per limiter.
        clearExpiredByTimeout: false,
        keyPrefix: `${name}:${scope}`,
        points: tiers[tier][name][scope],
        duration: LIMITS[name].windowSeconds,
      });
      limiters.set(k, l);
    }
    return l;
  }

  async function tiersOf(who: LimitSubject): Promise<{ user: TierName; workspace: TierName; override: TierName | null; chosen: TierName | null }> {
    const r = await pool.query<{ workspace_tier: TierName | null; user_tier: TierName | null }>(
      'SELECT w.tier AS workspace_tier, u.tier AS user_tier FROM workspaces w LEFT JOIN users u ON u.id = $2 AND u.workspace_id = w.id WHERE w.id = $1',
      [who.workspaceId, who.userId],
    );
    const chosen = r.rows[0]?.workspace_tier ?? null;
    const override = r.rows[0]?.user_tier ?? null;
    const workspace = chosen ?? defaultTier;
    return { user: override ?? workspace, workspace, override, chosen };
  }

  const keyOf = (who: LimitSubject, scope: Scope) => (scope === 'user' ? who.userId : who.workspaceId);

  async function giveBack(taken: { l: RateLimiterPostgres; key: string }[]) {
    for (const t of taken) await t.l.reward(t.key, 1);
  }

  const sweep = setInterval(() => {
    pool.query(`DELETE FROM ${TABLE} WHERE expire < $1`, [Date.now() - 3_600_000]).catch(() => undefined);
  }, SWEEP_MS);
  sweep.unref();

  return {
    async consume(who, metric) {
      const t = await tiersOf(who);
      const taken: { l: RateLimiterPostgres; key: string }[] = [];
      for (const name of limitsFor(metric)) {
        for (const scope of SCOPES) {
          const tier = t[scope];
          const l = limiter(tier, name, scope);
          const key = keyOf(who, scope);
          try {
            await l.consume(key, 1);
            taken.push({ l, key });
          } catch (e) {
            if (!(e instanceof RateLimiterRes)) {
              await giveBack(taken);
              throw e;
            }
            // A refused action counts nowhere: people retrying in a loop do not push the window on.
            await giveBack([...taken, { l, key }]);
            throw refused(name, scope, tier, tiers[tier][name][scope], e.msBeforeNext);
          }
        }
      }
      let refunded = false;
      return {
        async refund() {
          if (refunded) return;
          refunded = true;
          await giveBack(taken);
        },
      };
    },

    async status(who) {
      const t = await tiersOf(who);
      const limits = {} as LimitsStatus['limits'];
      for (const name of LIMIT_NAMES) {
        const usage = {} as Record<Scope, LimitUsage>;
        for (const scope of SCOPES) {
          const limit = tiers[t[scope]][name][scope];
          const res = await limiter(t[scope], name, scope).get(keyOf(who, scope));
          const used = Math.max(res?.consumedPoints ?? 0, 0);
          usage[scope] = { limit, used, remaining: Math.max(limit - used, 0), resetsInSeconds: res && used > 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null };
        }
        limits[name] = { window: LIMITS[name].window, windowSeconds: LIMITS[name].windowSeconds, ...usage };
      }
      return { tier: t.user, workspaceTier: t.workspace, userTier: t.override, defaultTier, limits };
    },

    async setWorkspaceTier(workspaceId, tier) {
      await pool.query('UPDATE workspaces SET tier = $2 WHERE id = $1', [workspaceId, tier]);
    },

    async setUserTier(workspaceId, userId, tier) {
      const r = await pool.query('UPDATE users SET tier = $3 WHERE id = $1 AND workspace_id = $2', [userId, workspaceId, tier]);
      return (r.rowCount ?? 0) > 0;
    },

    close() {
      clearInterval(sweep);
    },
  };
}
