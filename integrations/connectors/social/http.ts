import { ParleyError } from '../../../agent/errors';

/** How a connector waits between tries; tests give a short base so a 429 storm takes milliseconds. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** First wait when the server names none; doubled each try, capped at `maxMs`. */
  baseMs: number;
  maxMs: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 1000, maxMs: 60_000 };

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** What a platform makes of one answer: done, wait and ask again (rate limits), or a refusal. */
export type Verdict = { kind: 'ok' } | { kind: 'retry'; afterMs?: number; reason: string };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { unparsable: text.slice(0, 200) };
  }
}

/** Seconds or an HTTP date, as Retry-After may be either. */
export function retryAfterMs(headers: Headers): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * One GET or POST with the platform's retry rules: network failures and whatever `judge` calls
 * retryable are tried again with exponential backoff (or the server's Retry-After); anything else
 * is returned for the caller to read. Gives up with `connector:rate_limited` after `attempts`.
 */
export async function fetchJson(
  url: string,
  init: RequestInit & { label: string },
  judge: (r: JsonResponse) => Verdict,
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<JsonResponse> {
  const wait = policy.sleep ?? sleep;
  let last = '';
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    let r: JsonResponse | undefined;
    let afterMs: number | undefined;
    try {
      const res = await fetch(url, { ...init, signal });
      r = { status: res.status, headers: res.headers, body: await readJson(res) };
    } catch (e) {
      if (signal?.aborted) throw e;
      last = `network error: ${(e as Error).message}`;
    }
    if (r) {
      const v = judge(r);
      if (v.kind === 'ok') return r;
      last = v.reason;
      afterMs = v.afterMs;
    }
    if (attempt + 1 < policy.attempts) {
      const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
      await wait(Math.min(policy.maxMs, afterMs ?? backoff), signal);
    }
  }
  throw new ParleyError('connector:rate_limited', {
    status: 503,
    message: `${init.label}: gave up after ${policy.attempts} tries (${last})`,
    userMessage: `${init.label} kept refusing requests (${last}) after ${policy.attempts} tries; the sync will try again later.`,
  });
}
