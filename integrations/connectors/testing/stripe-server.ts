import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local server speaking Stripe's wire API for what Parley's Stripe connector reads: the list
 * endpoints (form-encoded query, `created[gte|gt|lte|lt]`, `starting_after`, `ending_before`,
 * `limit`, `{object: 'list', data, has_more}`, newest first), `/v1/events`, `/v1/account` and
 * `/v1/balance`; Bearer keys (401 with Stripe's error body for a wrong or revoked key); injected
 * 429 storms (with Retry-After), 500s and connection resets; objects added, updated and deleted
 * with the events Stripe would emit; webhook payloads signed as Stripe signs them. The official
 * SDK talks HTTP to it; nothing of the SDK is replaced.
 *
 * The objects are generated from Stripe's own fixtures (stripe-fixtures.json, from stripe/openapi,
 * MIT): one sample per type, copied with distinct ids, created times and amounts.
 */

export const OBJECT_TYPES = ['customer', 'charge', 'payment_intent', 'refund', 'dispute', 'invoice', 'subscription', 'payout', 'balance_transaction'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
type StripeObject = Record<string, any> & { id: string; created: number; object: string };

const PATHS: Record<string, ObjectType | 'event'> = {
  '/v1/customers': 'customer',
  '/v1/charges': 'charge',
  '/v1/payment_intents': 'payment_intent',
  '/v1/refunds': 'refund',
  '/v1/disputes': 'dispute',
  '/v1/invoices': 'invoice',
  '/v1/subscriptions': 'subscription',
  '/v1/payouts': 'payout',
  '/v1/balance_transactions': 'balance_transaction',
  '/v1/events': 'event',
};
const PREFIX: Record<ObjectType | 'event', string> = {
  customer: 'cus_',
  charge: 'ch_',
  payment_intent: 'pi_',
  refund: 're_',
  dispute: 'dp_',
  invoice: 'in_',
  subscription: 'sub_',
  payout: 'po_',
  balance_transaction: 'txn_',
  event: 'evt_',
};
/** The event type prefix Stripe uses for each object. */
const EVENT_PREFIX: Record<ObjectType, string> = {
  customer: 'customer',
  charge: 'charge',
  payment_intent: 'payment_intent',
  refund: 'refund',
  dispute: 'charge.dispute',
  invoice: 'invoice',
  subscription: 'customer.subscription',
  payout: 'payout',
  balance_transaction: 'balance_transaction',
};

const FIXTURES = JSON.parse(readFileSync(new URL('./stripe-fixtures.json', import.meta.url), 'utf8')) as Record<string, StripeObject>;

export interface Fault {
  /** 429, 500…, or 'reset' (the connection is destroyed before any answer). */
  status: number | 'reset';
  /** How many requests in a row get it. */
  times: number;
  /** Seconds, sent as Retry-After with a 429. */
  retryAfter?: number;
  /** Only requests whose path starts with this (default: every /v1 list request). */
  path?: string;
  /** Let this many matching requests through first. */
  after?: number;
}

export interface StripeTestServer {
  url: string;
  /** A key the server accepts. */
  key: string;
  /** The webhook endpoint secret to configure (whsec_…). */
  webhookSecret: string;
  accountName: string;
  /** Generates n objects of a type, created evenly between `from` and `to` (unix seconds), without events (history). */
  seed(type: ObjectType, n: number, opts?: { from?: number; to?: number; customize?: (o: StripeObject, i: number) => void }): StripeObject[];
  /** Adds an object now and emits its `*.created` event. */
  add(type: ObjectType, fields?: Record<string, unknown>): StripeObject;
  /** Changes an object and emits `*.updated` with previous_attributes. */
  update(type: ObjectType, id: string, fields: Record<string, unknown>): StripeObject;
  /** Deletes an object (gone from lists) and emits `*.deleted`. */
  remove(type: ObjectType, id: string): StripeObject;
  /** The events emitted so far, newest first. */
  events(): StripeObject[];
  /** Makes a key fail from now on as a revoked key does. */
  revoke(key: string): void;
  /** The next requests fail as described. */
  inject(fault: Fault): void;
  /** Drops every fault not yet served. */
  clearFaults(): void;
  /** Every request received: method, path and query. */
  requests: { method: string; path: string; query: URLSearchParams }[];
  /** A webhook delivery as Stripe sends it: the JSON body and its Stripe-Signature header. */
  signWebhook(event: StripeObject, opts?: { timestamp?: number; secret?: string }): { body: string; signature: string };
  close(): Promise<void>;
}

const nowSec = () => Math.floor(Date.now() / 1000);
const clone = <T>(x: T): T => structuredClone(x);

/** Stripe lists newest first; objects created in the same second by id, descending. */
const before = (a: StripeObject, b: StripeObject) => (a.created !== b.created ? a.created > b.created : a.id > b.id);

export async function startStripeTestServer(opts: { key?: string; accountName?: string; port?: number } = {}): Promise<StripeTestServer> {
  const key = opts.key ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const accountName = opts.accountName ?? 'Parley Test Shop';
  const keys = new Map<string, 'ok' | 'revoked'>([[key, 'ok']]);
  const lists = new Map<ObjectType | 'event', StripeObject[]>([...OBJECT_TYPES, 'event' as const].map((t) => [t, []]));
  const dirty = new Set<ObjectType | 'event'>();
  const faults: Fault[] = [];
  const requests: StripeTestServer['requests'] = [];
  let seq = 0;
  const newId = (type: ObjectType | 'event') => `${PREFIX[type]}${(++seq).toString(36).padStart(8, '0')}${randomBytes(5).toString('hex')}`;

  const sorted = (type: ObjectType | 'event') => {
    const l = lists.get(type)!;
    if (dirty.has(type)) {
      l.sort((a, b) => (before(a, b) ? -1 : 1));
      dirty.delete(type);
    }
    return l;
  };
  const put = (type: ObjectType | 'event', o: StripeObject) => {
    lists.get(type)!.push(o);
    dirty.add(type);
  };
  const find = (type: ObjectType, id: string) => {
    const o = lists.get(type)!.find((x) => x.id === id);
    if (!o) throw new Error(`no ${type} ${id} on the test server`);
    return o;
  };

  function make(type: ObjectType, i: number, created: number): StripeObject {
    const o = clone(FIXTURES[type]) as StripeObject;
    o.id = newId(type);
    o.created = created;
    o.livemode = false;
    // Amounts that differ from object to object, so sums and orders mean something.
    const amount = 500 + ((i * 7919) % 100) * 100;
    switch (type) {
      case 'customer':
        o.email = `customer${seq}@example.com`;
        o.name = `Customer ${seq}`;
        break;
      case 'charge':
        o.amount = amount;
        o.amount_captured = amount;
        o.status = i % 10 === 3 ? 'failed' : 'succeeded';
        o.failure_code = o.status === 'failed' ? 'card_declined' : null;
        o.failure_message = o.status === 'failed' ? 'Your card was declined.' : null;
        break;
      case 'payment_intent':
      case 'payout':
      case 'refund':
      case 'dispute':
        o.amount = amount;
        break;
      case 'invoice':
        o.amount_due = amount;
        o.amount_paid = i % 4 === 0 ? 0 : amount;
        o.status = i % 4 === 0 ? 'open' : 'paid';
        break;
      case 'balance_transaction':
        o.amount = amount;
        o.fee = Math.round(amount * 0.029) + 30;
        o.net = o.amount - o.fee;
        break;
      case 'subscription':
        o.status = 'active';
        o.canceled_at = null;
        o.ended_at = null;
        o.start_date = created;
        for (const item of o.items?.data ?? []) item.subscription = o.id;
        break;
    }
    return o;
  }

  function emit(type: ObjectType, action: 'created' | 'updated' | 'deleted', obj: StripeObject, previous?: Record<string, unknown>): StripeObject {
    const event: StripeObject = {
      ...clone(FIXTURES.event),
      id: newId('event'),
      object: 'event',
      created: nowSec(),
      type: `${EVENT_PREFIX[type]}.${action}`,
      data: { object: clone(obj), ...(previous ? { previous_attributes: previous } : {}) },
      api_version: '2026-11-18.endive',
    };
    put('event', event);
    return event;
  }

  function listPage(type: ObjectType | 'event', q: URLSearchParams) {
    let items = sorted(type);
    const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
    const [gte, gt, lte, lt, eq] = [num('created[gte]'), num('created[gt]'), num('created[lte]'), num('created[lt]'), num('created')];
    items = items.filter(
      (o) => (gte === undefined || o.created >= gte) && (gt === undefined || o.created > gt) && (lte === undefined || o.created <= lte) && (lt === undefined || o.created < lt) && (eq === undefined || o.created === eq),
    );
    if (type === 'subscription' && q.get('status') !== 'all') items = items.filter((o) => o.status !== 'canceled');
    if (type === 'event') {
      // Stripe keeps events for 30 days.
      items = items.filter((o) => o.created >= nowSec() - 30 * 86_400);
      const types = [...q.getAll('types[]'), ...[...q.keys()].filter((k) => /^types\[\d+\]$/.test(k)).map((k) => q.get(k)!)];
      if (types.length) items = items.filter((o) => types.includes(o.type));
    }
    const limit = Math.min(100, Math.max(1, num('limit') ?? 10));
    const after = q.get('starting_after');
    const ending = q.get('ending_before');
    if (after) {
      const at = items.findIndex((o) => o.id === after);
      if (at < 0) return { error: missing(after) };
      const data = items.slice(at + 1, at + 1 + limit);
      return { data, has_more: at + 1 + limit < items.length };
    }
    if (ending) {
      const at = items.findIndex((o) => o.id === ending);
      if (at < 0) return { error: missing(ending) };
      const from = Math.max(0, at - limit);
      return { data: items.slice(from, at), has_more: from > 0 };
    }
    return { data: items.slice(0, limit), has_more: items.length > limit };
  }

  const missing = (id: string) => ({ status: 404, body: { error: { code: 'resource_missing', message: `No such object: '${id}'`, param: 'starting_after', type: 'invalid_request_error' } } });

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}`, ...headers });
    res.end(JSON.stringify(body));
  };

  const redact = (k: string) => `${k.slice(0, 8)}${'*'.repeat(Math.max(0, k.length - 12))}${k.slice(-4)}`;

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams });
    const fault = faults[0];
    if (fault && url.pathname.startsWith(fault.path ?? '/v1/') && (fault.path || PATHS[url.pathname]) && !(fault.after && fault.after-- > 0)) {
      if (--fault.times <= 0) faults.shift();
      if (fault.status === 'reset') return void req.socket.destroy();
      if (fault.status === 429) {
        return send(res, 429, { error: { code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', type: 'invalid_request_error' } }, fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
      }
      return send(res, fault.status, { error: { message: 'An unknown error occurred', type: 'api_error' } });
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const state = auth ? keys.get(auth) : undefined;
    if (!auth) return send(res, 401, { error: { message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').', type: 'invalid_request_error' } });
    if (state === 'revoked') return send(res, 401, { error: { code: 'api_key_expired', message: `Expired API Key provided: ${redact(auth)}`, type: 'invalid_request_error' } });
    if (!state) return send(res, 401, { error: { message: `Invalid API Key provided: ${redact(auth)}`, type: 'invalid_request_error' } });
    if (req.method !== 'GET') return send(res, 405, { error: { message: 'This test server only reads.', type: 'invalid_request_error' } });
    if (url.pathname === '/v1/account') {
      return send(res, 200, { ...clone(FIXTURES.account), id: 'acct_parleytest', email: 'owner@example.com', created: nowSec() - 400 * 86_400, business_profile: { ...FIXTURES.account.business_profile, name: accountName }, settings: { ...FIXTURES.account.settings, dashboard: { display_name: accountName, timezone: 'Etc/UTC' } } });
    }
    if (url.pathname === '/v1/balance') return send(res, 200, FIXTURES.balance);
    const type = PATHS[url.pathname];
    if (!type) return send(res, 404, { error: { message: `Unrecognized request URL (GET: ${url.pathname}).`, type: 'invalid_request_error' } });
    const page = listPage(type, url.searchParams);
    if ('error' in page && page.error) return send(res, page.error.status, page.error.body);
    send(res, 200, { object: 'list', url: url.pathname, has_more: page.has_more, data: page.data });
  }

  const sockets = new Set<Socket>();
  const server = createServer(handle);
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    key,
    webhookSecret,
    accountName,
    requests,
    seed(type, n, o = {}) {
      const to = o.to ?? nowSec() - 3600;
      const from = o.from ?? to - 60 * 86_400;
      const made: StripeObject[] = [];
      for (let i = 0; i < n; i++) {
        const obj = make(type, i, n === 1 ? to : Math.round(from + ((to - from) * i) / (n - 1)));
        o.customize?.(obj, i);
        put(type, obj);
        made.push(obj);
      }
      return made;
    },
    add(type, fields = {}) {
      const obj = Object.assign(make(type, seq, nowSec()), fields);
      put(type, obj);
      emit(type, 'created', obj);
      return obj;
    },
    update(type, id, fields) {
      const obj = find(type, id);
      const previous = Object.fromEntries(Object.keys(fields).map((k) => [k, obj[k] ?? null]));
      Object.assign(obj, fields);
      emit(type, 'updated', obj, previous);
      return obj;
    },
    remove(type, id) {
      const obj = find(type, id);
      lists.set(type, lists.get(type)!.filter((x) => x.id !== id));
      return emit(type, 'deleted', { ...obj, deleted: true });
    },
    events: () => [...sorted('event')],
    revoke(k) {
      keys.set(k, 'revoked');
    },
    inject(fault) {
      faults.push({ ...fault });
    },
    clearFaults() {
      faults.length = 0;
    },
    signWebhook(event, o = {}) {
      const body = JSON.stringify(event, null, 2);
      const t = o.timestamp ?? nowSec();
      const v1 = createHmac('sha256', o.secret ?? webhookSecret).update(`${t}.${body}`).digest('hex');
      return { body, signature: `t=${t},v1=${v1}` };
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
