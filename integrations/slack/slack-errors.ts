import { ErrorCode, type WebAPICallError } from '@slack/web-api';

/** The header Slack puts on every Web API answer; support asks for it. */
const REQUEST_ID_HEADER = 'x-slack-req-id';

type Fetch = typeof globalThis.fetch;

/**
 * Wraps fetch so every JSON answer from the Web API carries Slack's request id in
 * `response_metadata.request_id`; the WebClient keeps it on platform errors, so failures are
 * logged with it.
 */
export function fetchWithRequestIds(inner: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const requestId = res.headers.get(REQUEST_ID_HEADER);
    if (!requestId || res.status !== 200 || !(res.headers.get('content-type') ?? '').includes('application/json')) return res;
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      const b = body as { response_metadata?: Record<string, unknown> };
      b.response_metadata = { ...b.response_metadata, request_id: requestId };
    }
    return new Response(JSON.stringify(body), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

export interface SlackFailure {
  /** Slack's error string (`not_in_channel`, `ratelimited`…) or the transport failure. */
  error: string;
  requestId?: string;
  /** True when Slack answered the call and refused it (as opposed to an unreachable Slack). */
  platform: boolean;
}

/** What a failed Web API call was, for the log. */
export function describeSlackError(e: unknown): SlackFailure {
  const err = e as Partial<WebAPICallError> & { data?: { error?: string; response_metadata?: { request_id?: string } } };
  switch (err?.code) {
    case ErrorCode.PlatformError:
      return { error: err.data?.error ?? 'unknown_error', requestId: err.data?.response_metadata?.request_id, platform: true };
    case ErrorCode.HTTPError: {
      const http = e as { statusCode: number; headers: Record<string, string> };
      return { error: `http_${http.statusCode}`, requestId: http.headers?.[REQUEST_ID_HEADER], platform: false };
    }
    case ErrorCode.RateLimitedError:
      return { error: 'ratelimited', platform: false };
    case ErrorCode.RequestError:
      return { error: `request_failed: ${(e as { original?: Error }).original?.message ?? 'unknown'}`, platform: false };
    default:
      return { error: e instanceof Error ? e.message : String(e), platform: false };
  }
}
