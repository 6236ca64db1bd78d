import { z } from 'zod';
import { ParleyError } from '../../../../agent/errors';
import { DEFAULT_RETRY, fetchJson, retryAfterMs, type JsonResponse, type RetryPolicy, type Verdict } from '../http';

/**
 * The LinkedIn Marketing API version Parley speaks (sent as `Linkedin-Version`). LinkedIn ships
 * one a month and sunsets each after about a year, answering 426 from then on; moving this
 * constant forward is the whole upgrade as long as the fields read here keep their names.
 */
export const LINKEDIN_VERSION = '202611';
export const LINKEDIN_API_BASE = 'https://api.linkedin.com';
export const LINKEDIN_OAUTH_BASE = 'https://www.linkedin.com';

/**
 * 3-legged OAuth 2.0 for an organisation page, granted by a page ADMINISTRATOR with the
 * `rw_organization_admin` scope. The refresh token and the app's client id/secret are optional —
 * LinkedIn issues refresh tokens to approved apps only — but without them an expired access token
 * means reconnecting. The token endpoint `/oauth/v2/accessToken` is on the connector's API base
 * when it has one (an origin the operator allowed, e.g. a local test server), otherwise on
 * www.linkedin.com — never at an address taken from the credentials, which would let whoever
 * enters them send the client secret anywhere.
 */
export const linkedinCredentials = z.object({
  organizationId: z.string().regex(/^\d+$/, 'the numeric id of the organisation (page), as in urn:li:organization:<id>'),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  /** ISO time the access token expires; refreshed shortly before. */
  accessTokenExpiresAt: z.string().datetime().optional(),
});
export type LinkedInCredentials = z.infer<typeof linkedinCredentials>;

/** LinkedIn's error body: `{status, serviceErrorCode, code, message}`. */
function errorText(body: unknown): string {
  const b = (body ?? {}) as { message?: unknown; code?: unknown; serviceErrorCode?: unknown };
  const parts = [typeof b.message === 'string' ? b.message : '', b.code ? `code ${String(b.code)}` : '', b.serviceErrorCode ? `serviceErrorCode ${String(b.serviceErrorCode)}` : ''];
  return parts.filter(Boolean).join(', ') || 'no details';
}

function judge(r: JsonResponse): Verdict {
  if (r.status === 429) return { kind: 'retry', afterMs: retryAfterMs(r.headers), reason: `429 ${errorText(r.body)}` };
  if (r.status >= 500) return { kind: 'retry', afterMs: retryAfterMs(r.headers), reason: `HTTP ${r.status}` };
  return { kind: 'ok' };
}

export interface LinkedInApiOptions {
  credentials: LinkedInCredentials;
  apiBase?: string | null;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  /** Called with the new credentials after a refresh, to store them (encrypted) before they are used. */
  onCredentials?: (c: LinkedInCredentials) => Promise<void>;
  now?: () => number;
}

const REFRESH_EARLY_MS = 5 * 60_000;

/** A small LinkedIn /rest client: the required headers, refresh on expiry or 401, LinkedIn's errors as ParleyErrors. */
export class LinkedInApi {
  private creds: LinkedInCredentials;
  private readonly base: string;
  private readonly oauthBase: string;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;

  constructor(private readonly opts: LinkedInApiOptions) {
    this.creds = opts.credentials;
    this.base = (opts.apiBase || LINKEDIN_API_BASE).replace(/\/+$/, '');
    this.oauthBase = (opts.apiBase || LINKEDIN_OAUTH_BASE).replace(/\/+$/, '');
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.now = opts.now ?? Date.now;
  }

  get credentials(): LinkedInCredentials {
    return this.creds;
  }

  /** GET `/rest/<path>?<query>`; `query` is already Rest.li-encoded (see restli.ts). */
  async get<T>(path: string, query = ''): Promise<T> {
    if (this.expiresSoon() && this.canRefresh()) await this.refresh();
    let r = await this.send(path, query);
    if (r.status === 401 && this.canRefresh()) {
      await this.refresh();
      r = await this.send(path, query);
    }
    if (r.status >= 200 && r.status < 300) return r.body as T;
    throw this.refusal(r);
  }

  private send(path: string, query: string): Promise<JsonResponse> {
    const url = `${this.base}/rest/${path}${query ? `?${query}` : ''}`;
    return fetchJson(
      url,
      {
        label: 'LinkedIn',
        headers: {
          authorization: `Bearer ${this.creds.accessToken}`,
          'linkedin-version': LINKEDIN_VERSION,
          'x-restli-protocol-version': '2.0.0',
          accept: 'application/json',
        },
      },
      judge,
      this.retry,
      this.opts.signal,
    );
  }

  private expiresSoon(): boolean {
    const at = this.creds.accessTokenExpiresAt ? Date.parse(this.creds.accessTokenExpiresAt) : NaN;
    return Number.isFinite(at) && at - REFRESH_EARLY_MS <= this.now();
  }

  private canRefresh(): boolean {
    return Boolean(this.creds.refreshToken && this.creds.clientId && this.creds.clientSecret);
  }

  /** POST /oauth/v2/accessToken with the refresh token; the new tokens are stored before use. */
  private async refresh(): Promise<void> {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: this.creds.refreshToken!,
      client_id: this.creds.clientId!,
      client_secret: this.creds.clientSecret!,
    });
    const r = await fetchJson(
      `${this.oauthBase}/oauth/v2/accessToken`,
      { label: 'LinkedIn', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      judge,
      this.retry,
      this.opts.signal,
    );
    const t = (r.body ?? {}) as { access_token?: string; expires_in?: number; refresh_token?: string; error?: string; error_description?: string };
    if (r.status !== 200 || !t.access_token) {
      throw new ParleyError('connector:reconnect', {
        status: 401,
        message: `LinkedIn token refresh failed: HTTP ${r.status} ${t.error ?? ''} ${t.error_description ?? ''}`,
        userMessage: 'LinkedIn no longer accepts this connection\'s refresh token (it expired or was revoked). Reconnect the LinkedIn page to grant access again.',
      });
    }
    this.creds = {
      ...this.creds,
      accessToken: t.access_token,
      // LinkedIn may hand out a new refresh token; keep the old one when it does not.
      refreshToken: t.refresh_token ?? this.creds.refreshToken,
      accessTokenExpiresAt: t.expires_in ? new Date(this.now() + t.expires_in * 1000).toISOString() : undefined,
    };
    await this.opts.onCredentials?.(this.creds);
  }

  private refusal(r: JsonResponse): ParleyError {
    const detail = errorText(r.body);
    if (r.status === 426) {
      return new ParleyError('connector:api_version_sunset', {
        status: 502,
        message: `LinkedIn refused Linkedin-Version ${LINKEDIN_VERSION}: ${detail}`,
        userMessage: `LinkedIn no longer serves API version ${LINKEDIN_VERSION} (sunset, HTTP 426). Parley needs an update that speaks a current LinkedIn version.`,
      });
    }
    if (r.status === 401) {
      return new ParleyError('connector:reconnect', {
        status: 401,
        message: `LinkedIn 401: ${detail}`,
        userMessage: this.canRefresh()
          ? 'LinkedIn rejected the access token even after refreshing it. Reconnect the LinkedIn page.'
          : 'LinkedIn rejected the access token (expired or revoked) and this connection has no refresh token. Reconnect the LinkedIn page.',
      });
    }
    if (r.status === 403) {
      return new ParleyError('connector:forbidden', {
        status: 403,
        message: `LinkedIn 403: ${detail}`,
        userMessage: `LinkedIn refused access to organisation ${this.creds.organizationId}: the token needs the rw_organization_admin scope, granted by an ADMINISTRATOR of the page (${detail}).`,
      });
    }
    if (r.status === 404) {
      return new ParleyError('connector:not_found', { status: 404, message: `LinkedIn 404: ${detail}`, userMessage: `LinkedIn has no organisation ${this.creds.organizationId} (or not at this address).` });
    }
    return new ParleyError('connector:provider_error', { status: 502, message: `LinkedIn HTTP ${r.status}: ${detail}`, userMessage: `LinkedIn answered HTTP ${r.status}: ${detail}` });
  }
}
