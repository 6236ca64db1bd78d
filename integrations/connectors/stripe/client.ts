import Stripe from 'stripe';
import { ParleyError } from '../../../agent/errors';

export const STRIPE_API = 'https://api.stripe.com';

/** The official SDK pointed at `apiBase` (a local Stripe-compatible server in tests), telemetry off. */
export function stripeClient(secretKey: string, apiBase: string | undefined, opts: { maxNetworkRetries?: number; timeoutMs?: number } = {}): Stripe {
  const base = new URL(apiBase ?? STRIPE_API);
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(secretKey, {
    host: base.hostname,
    port: Number(base.port || (protocol === 'http' ? 80 : 443)),
    protocol,
    // The SDK retries connection errors, 409s and 5xx itself; Parley's page loop retries 429s (with Retry-After) around it.
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    timeout: opts.timeoutMs ?? 30_000,
    telemetry: false,
    appInfo: { name: 'Parley' },
  });
}

interface StripeErrorLike {
  type?: string;
  statusCode?: number;
  message?: string;
  code?: string;
  headers?: Record<string, string>;
}

const asStripeError = (e: unknown): StripeErrorLike => (e && typeof e === 'object' ? (e as StripeErrorLike) : {});
/** The provider's words, without the request id the SDK puts in front. */
const words = (e: StripeErrorLike) => (e.message ?? 'no reason given').replace(/^\[req_[^\]]*\]\s*/, '').slice(0, 300);

export function isRetryable(e: unknown): boolean {
  const s = asStripeError(e);
  return s.statusCode === 429 || s.type === 'StripeRateLimitError' || s.type === 'StripeConnectionError' || (s.statusCode ?? 0) >= 500 || s.type === 'StripeAPIError';
}

/** Seconds the provider asked us to wait (Retry-After), when it said. */
export function retryAfterSeconds(e: unknown): number | undefined {
  const v = asStripeError(e).headers?.['retry-after'];
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A Stripe failure as Parley reports it: the provider's reason in words, never the key. */
export function stripeFailure(e: unknown, what: string): ParleyError {
  if (e instanceof ParleyError) return e;
  const s = asStripeError(e);
  if (s.type === 'StripeAuthenticationError' || s.statusCode === 401) {
    return new ParleyError('connector:bad_credentials', { status: 400, userMessage: `Stripe refused the key: ${words(s)}`, cause: e });
  }
  if (s.type === 'StripePermissionError' || s.statusCode === 403) {
    return new ParleyError('connector:forbidden', { status: 400, userMessage: `The key may not read ${what}: ${words(s)} Give the restricted key read access to it.`, cause: e });
  }
  if (isRetryable(e)) {
    return new ParleyError('connector:unavailable', { status: 502, userMessage: `Stripe did not answer ${what} after several tries: ${words(s)}`, cause: e });
  }
  return new ParleyError('connector:provider_error', { status: 502, userMessage: `Stripe refused the request for ${what}: ${words(s)}`, cause: e });
}

export interface RetryPolicy {
  /** Tries per page, the first included. */
  attempts: number;
  /** The first backoff; doubled each time, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };

/**
 * Runs one request, retrying 429s, 5xx and connection errors with exponential backoff (Retry-After
 * when Stripe sends one). Anything else, or the last failure, throws as a ParleyError in words.
 */
export async function withRetry<T>(what: string, fn: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt >= policy.attempts) throw stripeFailure(e, what);
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      const asked = retryAfterSeconds(e);
      await sleep(asked !== undefined ? Math.min(policy.maxDelayMs, asked * 1000) : backoff, signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    function stop() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', stop, { once: true });
  });
}
