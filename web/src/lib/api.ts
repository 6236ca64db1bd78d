import type { ErrorBody } from '../../../agent/events';

/** The code the server answers with when a request carries no valid session (issue 13). */
export const AUTH_REQUIRED = 'auth:required';
/** The code of a refused request over a rate limit (REST 429s carry it or only the status). */
export const RATE_LIMITED = 'rate_limited';

/** An API failure with the server's coded error, or `network` when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** How long a rate limit lasts (from `Retry-After` or the body); only on 429s. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The session ended (or never began): the person must sign in again. */
  get authRequired(): boolean {
    return this.code === AUTH_REQUIRED;
  }

  get rateLimited(): boolean {
    return this.status === 429 || this.code === RATE_LIMITED;
  }
}

type FailureListener = (error: ApiError, path: string) => void;
const failureListeners = new Set<FailureListener>();

/**
 * Hears every failed API call, wherever it was made, so one place can react to a session that
 * ended or a rate limit (the sign-in overlay, the countdown). Returns the unsubscribe.
 */
export function onApiFailure(listener: FailureListener): () => void {
  failureListeners.add(listener);
  return () => void failureListeners.delete(listener);
}

/** Seconds from a `Retry-After` header (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface ApiInit {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the REST API and unwraps `{ data }`; `{ error }` and network failures become an ApiError. */
export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      // The session is the HttpOnly cookie the server set; the app never holds the token itself.
      credentials: 'same-origin',
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('network', '', 0);
  }
  if (res.status === 204) return undefined as T;
  let body: { data?: T; error?: ErrorBody & { retryAfterSeconds?: unknown } } | undefined;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok || !body || body.error) {
    const fromBody = body?.error?.retryAfterSeconds;
    const retryAfter = res.status === 429 ? (typeof fromBody === 'number' && fromBody >= 0 ? Math.ceil(fromBody) : parseRetryAfter(res.headers.get('retry-after'))) : undefined;
    const error = new ApiError(body?.error?.code ?? `http:${res.status}`, body?.error?.message ?? `HTTP ${res.status}`, res.status, retryAfter);
    for (const listener of [...failureListeners]) listener(error, path);
    throw error;
  }
  return body.data as T;
}
