// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../agent/roles';
import { SessionProvider } from '../auth/session-context';
import { fail, fakeApi, ok } from '../testing/fake-api';
import { ConnectionsPage } from './connections-page';
import type { ConnectorInfo, ConnectorKindInfo } from './types';

const STRIPE: ConnectorKindInfo = {
  kind: 'stripe',
  label: 'Stripe',
  category: 'payments',
  fields: [
    { name: 'secretKey', label: 'Secret or restricted key', secret: true },
    { name: 'webhookSecret', label: 'Webhook signing secret', secret: true, optional: true },
  ],
  streams: ['customers', 'charges'],
};

const connector = (over: Partial<ConnectorInfo> = {}): ConnectorInfo => ({
  id: 'c1',
  kind: 'stripe',
  label: 'Stripe',
  category: 'payments',
  name: 'Shop',
  apiBase: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  status: 'idle',
  lastSyncStartedAt: null,
  lastSyncFinishedAt: '2026-12-01T10:05:00.000Z',
  lastError: null,
  progress: null,
  streams: [
    { stream: 'customers', rows: 12, lastSyncedAt: null, lastError: null },
    { stream: 'charges', rows: 1234, lastSyncedAt: null, lastError: null },
  ],
  webhookPath: '/api/connectors/c1/webhook',
  ...over,
});

function show(role: Role = 'admin') {
  const me = { user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role }, workspace: { id: 'local', name: 'Acme' } };
  render(
    <SessionProvider value={{ me, renewals: 0, expire: () => undefined, signOut: async () => undefined }}>
      <ConnectionsPage onBack={() => undefined} />
    </SessionProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('ConnectionsPage', () => {
  it('lists each connector with its status and rows per stream', async () => {
    fakeApi({ 'GET /connectors': () => ok([connector()]), 'GET /connector-kinds': () => ok([STRIPE]) });
    show();
    const card = await screen.findByRole('region', { name: 'Shop' });
    expect(within(card).getByText('up to date')).toBeTruthy();
    const rows = within(card).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(['DataRows', 'customers12', `charges${(1234).toLocaleString()}`]);
    expect(within(card).getByText(/\/api\/connectors\/c1\/webhook/)).toBeTruthy();
  });

  it('adds Stripe with the kind\'s fields; a refused key is shown in words and nothing is listed', async () => {
    const list: ConnectorInfo[] = [];
    const api = fakeApi({
      'GET /connectors': () => ok(list),
      'GET /connector-kinds': () => ok([STRIPE]),
      'POST /connectors': ({ body }) => {
        if (body.credentials.secretKey !== 'sk_test_good') return fail(400, 'connector:bad_credentials', 'Stripe refused the key: Invalid API Key provided: sk_test_****wrong');
        const c = connector({ id: 'c9', name: body.name, status: 'syncing', streams: [] });
        list.push(c);
        return ok({ ...c, accountName: 'Acme Ltd' }, 201);
      },
    });
    show();
    await screen.findByText('Nothing is connected yet.');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Payments' } });
    fireEvent.change(screen.getByLabelText('Secret or restricted key'), { target: { value: 'sk_test_wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Stripe refused the key: Invalid API Key provided: sk_test_****wrong');
    expect(screen.queryByRole('region', { name: 'Payments' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Secret or restricted key'), { target: { value: 'sk_test_good' } });
    fireEvent.change(screen.getByLabelText('API address (optional)'), { target: { value: 'http://127.0.0.1:12111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByRole('region', { name: 'Payments' });
    const post = api.requests.filter((r) => r.method === 'POST').at(-1)!;
    // The optional webhook secret left empty is not sent at all.
    expect(post.body).toEqual({ kind: 'stripe', name: 'Payments', credentials: { secretKey: 'sk_test_good' }, apiBase: 'http://127.0.0.1:12111' });
    expect(screen.getByText('Payments is connected (Acme Ltd); its first sync has started.')).toBeTruthy();
  });

  it('watches a running sync by polling until it ends, and shows a failed sync\'s error', async () => {
    let calls = 0;
    fakeApi({
      'GET /connector-kinds': () => ok([STRIPE]),
      'GET /connectors': () => {
        calls += 1;
        if (calls < 3) return ok([connector({ status: 'syncing', progress: { stream: 'charges', rows: 100 * calls } })]);
        return ok([connector({ status: 'error', lastError: 'Stripe refused the key: Expired API Key provided: sk_test_****1234' })]);
      },
    });
    show();
    expect((await screen.findByText('Syncing charges: 100 rows so far')).textContent).toBeTruthy();
    await waitFor(() => expect(screen.getByText('sync failed')).toBeTruthy(), { timeout: 8000 });
    expect(screen.getByRole('alert').textContent).toMatch(/Expired API Key/);
    const seen = calls;
    await new Promise((r) => setTimeout(r, 2000));
    // Not syncing any more: the polling stopped.
    expect(calls).toBe(seen);
  }, 15_000);

  it('sync now and delete (after confirming) call the API; a refusal is shown', async () => {
    let list = [connector()];
    const api = fakeApi({
      'GET /connector-kinds': () => ok([STRIPE]),
      'GET /connectors': () => ok(list),
      'POST /connectors/:id/sync': () => fail(409, 'connector:sync_running', 'A sync of this connector is already running; it shows its progress here.'),
      'DELETE /connectors/:id': ({ params }) => ((list = list.filter((c) => c.id !== params.id)), { status: 204 }),
    });
    show();
    fireEvent.click(await screen.findByRole('button', { name: 'Sync Shop now' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/already running/);

    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Shop' }));
    expect(confirm).toHaveBeenCalledWith('Delete Shop? Everything synced from it is deleted too.');
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Shop' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Shop' })).toBeNull());
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/connectors/c1']);
  });

  it('a viewer reads the connectors without the controls', async () => {
    fakeApi({ 'GET /connectors': () => ok([connector()]), 'GET /connector-kinds': () => ok([STRIPE]) });
    show('viewer');
    await screen.findByRole('region', { name: 'Shop' });
    expect(screen.queryByRole('button', { name: 'Sync Shop now' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull();
  });
});
