import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { ParleyError } from '../../../../agent/errors';
import { DEFAULT_RETRY, fetchJson, type JsonResponse, type RetryPolicy, type Verdict } from '../http';

/** The Graph API version Parley calls; Meta supports each for about two years. */
export const GRAPH_VERSION = 'v24.0';
export const GRAPH_API_BASE = 'https://graph.facebook.com';

/**
 * A Facebook Page and the Instagram professional account linked to it. The Page access token
 * comes from a person with the ANALYZE task on the Page (a user token exchanged through
 * /me/accounts), with pages_show_list, pages_read_engagement, read_insights, and for Instagram
 * instagram_basic and instagram_manage_insights. Long-lived Page tokens do not expire on a
 * schedule and Meta offers no refresh grant for them, so an invalidated token means reconnecting.
 * With the app secret, every call carries appsecret_proof (required when the app enforces it).
 */
export const metaCredentials = z.object({
  pageId: z.string().regex(/^\d+$/, 'the numeric Page id'),
  pageAccessToken: z.string().min(1),
  appSecret: z.string().min(1).optional(),
  /** The linked Instagram account; read from the Page when absent. Set to "none" to skip Instagram. */
  instagramUserId: z.string().regex(/^(\d+|none)$/).optional(),
});
export type MetaCredentials = z.infer<typeof metaCredentials>;

interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
}

/** Meta's throttling codes: 4 app, 17 user, 32 Page, 613 call-rate, 80001 Page business use case. Codes 1 and 2 are transient. */
const RETRYABLE = new Set([1, 2, 4, 17, 32, 613, 80001]);

const graphError = (body: unknown): GraphError | undefined => (body as { error?: GraphError } | null)?.error;

function judge(r: JsonResponse): Verdict {
  const e = graphError(r.body);
  if (e?.code !== undefined && RETRYABLE.has(e.code)) return { kind: 'retry', reason: `code ${e.code} ${e.message ?? ''}`.trim() };
  if (r.status >= 500 || r.status === 429) return { kind: 'retry', reason: `HTTP ${r.status}` };
  return { kind: 'ok' };
}

export interface GraphList<T> {
  data: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

export interface MetaApiOptions {
  credentials: MetaCredentials;
  apiBase?: string | null;
  retry?: RetryPolicy;
  signal?: AbortSignal;
}

/** A small Graph API client: version in the path, the token and appsecret_proof on every call, Meta's errors as ParleyErrors. */
export class MetaApi {
  private readonly base: string;
  private readonly proof?: string;
  private readonly retry: RetryPolicy;

  constructor(private readonly opts: MetaApiOptions) {
    this.base = `${(opts.apiBase || GRAPH_API_BASE).replace(/\/+$/, '')}/${GRAPH_VERSION}`;
    if (opts.credentials.appSecret) this.proof = createHmac('sha256', opts.credentials.appSecret).update(opts.credentials.pageAccessToken).digest('hex');
    this.retry = opts.retry ?? DEFAULT_RETRY;
  }

  async get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    q.set('access_token', this.opts.credentials.pageAccessToken);
    if (this.proof) q.set('appsecret_proof', this.proof);
    const r = await fetchJson(`${this.base}/${path}?${q}`, { label: 'Meta', headers: { accept: 'application/json' } }, judge, this.retry, this.opts.signal);
    if (r.status === 200 && !graphError(r.body)) return r.body as T;
    throw refusal(r);
  }

  /**
   * Every page of a cursor-paged edge from `after` on, following `paging.cursors.after` while
   * `paging.next` says there is more. The next URL itself is not fetched: it carries the token, and
   * Parley sends the token only to the API base it was configured with.
   */
  async *pages<T>(path: string, params: Record<string, string | number | undefined>, after?: string): AsyncGenerator<{ items: T[]; after?: string; more: boolean }> {
    for (;;) {
      this.opts.signal?.throwIfAborted();
      const r = await this.get<GraphList<T>>(path, { ...params, after });
      after = r.paging?.cursors?.after;
      const more = Boolean(r.paging?.next && after && r.data.length);
      yield { items: r.data, after, more };
      if (!more) return;
    }
  }
}

function refusal(r: JsonResponse): ParleyError {
  const e = graphError(r.body) ?? {};
  const detail = `${e.message ?? `HTTP ${r.status}`}${e.code !== undefined ? ` (code ${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''})` : ''}`;
  if (e.code === 190 || e.code === 102) {
    return new ParleyError('connector:reconnect', {
      status: 401,
      message: `Meta token refused: ${detail}`,
      userMessage: 'Meta no longer accepts this connection\'s Page access token (it expired, the password changed or access was removed). Reconnect the Facebook Page to grant access again.',
    });
  }
  if (e.code === 10 || e.code === 200 || (e.code !== undefined && e.code >= 200 && e.code < 300)) {
    return new ParleyError('connector:forbidden', {
      status: 403,
      message: `Meta permission refused: ${detail}`,
      userMessage: `Meta refused access: the Page token needs pages_read_engagement and read_insights (and instagram_basic, instagram_manage_insights for Instagram) from a person with the ANALYZE task on the Page (${e.message ?? 'no details'}).`,
    });
  }
  return new ParleyError('connector:provider_error', { status: 502, message: `Meta error: ${detail}`, userMessage: `Meta answered: ${detail}` });
}
