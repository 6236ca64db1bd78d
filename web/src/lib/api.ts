import type { ErrorBody } from '../../../agent/events';

/** An API failure with the server's coded error, or `network` when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Calls the REST API and unwraps `{ data }`; `{ error }` and network failures become an ApiError. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('network', '', 0);
  }
  let body: { data?: T; error?: ErrorBody } | undefined;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (!res.ok || !body || body.error) {
    throw new ApiError(body?.error?.code ?? `http:${res.status}`, body?.error?.message ?? `HTTP ${res.status}`, res.status);
  }
  return body.data as T;
}
