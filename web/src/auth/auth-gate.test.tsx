// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fail, fakeApi, ok, type FakeRoutes } from '../testing/fake-api';
import { AuthGate } from './auth-gate';
import { useSession } from './session-context';

const admin = { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'admin' as const };
const workspace = { id: 'local', name: 'Local' };
const signedOut = fail(401, 'auth:required', 'Sign in to use Parley.');

/** What the gate lets through: shows who is signed in. */
function Inside() {
  const { me } = useSession();
  return <p data-testid="inside">{`${me.user.name} · ${me.user.role} · ${me.workspace.name}`}</p>;
}

function start(routes: FakeRoutes, path = '/') {
  window.history.replaceState(null, '', path);
  const api = fakeApi(routes);
  render(
    <AuthGate>
      <Inside />
    </AuthGate>,
  );
  return api;
}

const fill = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const errorOf = (input: HTMLElement) => {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => document.getElementById(id)).find((el) => el?.classList.contains('field-error'))?.textContent ?? null;
};

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AuthGate: first run', () => {
  it('offers to create the admin account, shows each server error next to its field, then lets the admin in', async () => {
    let me = signedOut;
    const api = start({
      'GET /auth/status': () => ok({ needsSetup: true, oidc: null }),
      'GET /me': () => me,
      'POST /auth/signup': ({ body }) => {
        if (body.password === 'password123') return fail(400, 'auth:weak_password', 'This password is among the most common ones; choose another.');
        if (!body.email.includes('@')) return fail(400, 'input:invalid', 'email: Invalid email address');
        me = ok({ user: admin, workspace });
        return ok({ user: admin, token: 'tok' }, 201);
      },
    });
    expect(await screen.findByRole('heading', { name: 'Create the admin account' })).toBeTruthy();
    // Focus starts on the first field.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Name')));
    fill('Name', 'Ada');
    fill('Email', 'ada@example.com');
    fill('Password', 'password123');
    fireEvent.click(screen.getByRole('button', { name: 'Create the admin account' }));

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(errorOf(password)).toBe('This password is among the most common ones; choose another.'));
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(password));

    fill('Password', 'correct horse battery staple');
    expect(errorOf(password)).toBeNull();
    fill('Email', 'ada.example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Create the admin account' }));
    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(errorOf(email)).toBe('Invalid email address'));
    expect(password.getAttribute('aria-invalid')).toBeNull();

    fill('Email', ' ada@example.com ');
    fireEvent.click(screen.getByRole('button', { name: 'Create the admin account' }));
    expect((await screen.findByTestId('inside')).textContent).toBe('Ada · admin · Local');
    expect(api.requests.filter((r) => r.path === '/auth/signup').at(-1)!.body).toEqual({ email: 'ada@example.com', password: 'correct horse battery staple', name: 'Ada' });
  });

  it('says so when the server cannot be reached, and tries again on request', async () => {
    let up = false;
    start({
      'GET /auth/status': () => (up ? ok({ needsSetup: true, oidc: null }) : { status: 502, body: undefined }),
      'GET /me': () => signedOut,
    });
    expect((await screen.findByRole('alert')).textContent).toContain('Parley could not tell whether you are signed in: HTTP 502');
    up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Create the admin account' })).toBeTruthy();
  });
});

describe('AuthGate: sign-in', () => {
  const routes = (extra: FakeRoutes = {}, oidc: unknown = null): FakeRoutes => ({
    'GET /auth/status': () => ok({ needsSetup: false, oidc }),
    'GET /me': () => signedOut,
    ...extra,
  });

  it('shows why a sign-in failed above the form, marking no field', async () => {
    const api = start(routes({ 'POST /auth/login': () => fail(401, 'auth:invalid_credentials', 'Wrong email or password.') }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Parley' })).toBeTruthy();
    expect(screen.queryByLabelText('Name')).toBeNull();
    fill('Email', 'ada@example.com');
    fill('Password', 'not it');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByTestId('inside')).toBeNull();
    expect(api.requests.find((r) => r.path === '/auth/login')!.body).toEqual({ email: 'ada@example.com', password: 'not it' });
  });

  it('signs in and shows the app to the member /api/me names', async () => {
    let me = signedOut;
    start(
      routes({
        'GET /me': () => me,
        'POST /auth/login': () => {
          me = ok({ user: { ...admin, role: 'viewer' }, workspace });
          return ok({ user: { ...admin, role: 'viewer' }, token: 'tok' });
        },
      }),
    );
    await screen.findByRole('heading', { name: 'Sign in to Parley' });
    fill('Email', 'ada@example.com');
    fill('Password', 'correct horse battery staple');
    fireEvent.submit(screen.getByRole('button', { name: 'Sign in' }).closest('form')!);
    expect((await screen.findByTestId('inside')).textContent).toBe('Ada · viewer · Local');
  });

  it('counts down a throttled sign-in and keeps Sign in disabled meanwhile', async () => {
    start(routes({ 'POST /auth/login': () => fail(429, 'rate_limited', 'Too many sign-in attempts.', { 'retry-after': '30' }) }));
    await screen.findByRole('heading', { name: 'Sign in to Parley' });
    fill('Email', 'ada@example.com');
    fill('Password', 'guess');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('Too many sign-in attempts.');
    expect(status.textContent).toMatch(/Try again in (30|29) s\./);
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers the identity provider by its label, linking to its start URL', async () => {
    start(routes({}, { label: 'Entra ID', startUrl: '/api/auth/oidc/start' }));
    const link = await screen.findByRole('link', { name: 'Sign in with Entra ID' });
    expect(link.getAttribute('href')).toBe(`${window.location.origin}/api/auth/oidc/start`);
  });

  it('never links a script URL as the identity provider', async () => {
    start(routes({}, { label: 'Evil', startUrl: 'javascript:alert(1)' }));
    await screen.findByRole('heading', { name: 'Sign in to Parley' });
    expect(screen.queryByRole('link')).toBeNull();
  });

  it.each([
    ['not_invited', 'You have not been invited to this Parley. Ask an administrator to invite you, then sign in again.'],
    ['state_mismatch', 'The sign-in answer did not belong to the sign-in this browser started. Please start it again.'],
    ['a_future_reason', 'Signing in with your identity provider did not work (a_future_reason). Try again, or sign in with your email and password.'],
    ['generic', 'Signing in with your identity provider did not work (generic). Try again, or sign in with your email and password.'],
    ['constructor', 'Signing in with your identity provider did not work (constructor). Try again, or sign in with your email and password.'],
    ['<img src=x onerror=alert(1)>', 'Signing in with your identity provider did not work (unknown). Try again, or sign in with your email and password.'],
  ])('explains ?auth_error=%s from the OIDC callback, once', async (code, message) => {
    start(routes(), `/?auth_error=${encodeURIComponent(code)}&keep=1`);
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(document.querySelector('img')).toBeNull();
    expect(window.location.search).toBe('?keep=1');
  });
});

describe('AuthGate: invitations', () => {
  it.each([
    ['/?invite=inv-123', 'inv-123'],
    ['/invite/inv%2B456', 'inv+456'],
  ])('at %s shows the invited sign-up and sends the invitation with it', async (path, token) => {
    let me = signedOut;
    const api = start({
      'GET /auth/status': () => ok({ needsSetup: false, oidc: { label: 'Google', startUrl: '/api/auth/oidc/start' } }),
      'GET /me': () => me,
      'POST /auth/signup': ({ body }) => {
        if (body.invite !== token) return fail(400, 'auth:invite_invalid', 'This invitation is not valid (used or expired). Ask for a new one.');
        me = ok({ user: { id: 'u2', email: body.email, name: body.name, role: 'analyst' }, workspace });
        return ok({ user: { id: 'u2', email: body.email, name: body.name, role: 'analyst' }, token: 't' }, 201);
      },
    }, path);
    expect(await screen.findByRole('heading', { name: 'Join Parley' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Sign in with/ })).toBeNull();
    fill('Name', 'Grace');
    fill('Email', 'grace@example.com');
    fill('Password', 'a long and unusual passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Create my account' }));
    expect((await screen.findByTestId('inside')).textContent).toBe('Grace · analyst · Local');
    expect(api.requests.find((r) => r.path === '/auth/signup')!.body).toEqual({ email: 'grace@example.com', password: 'a long and unusual passphrase', name: 'Grace', invite: token });
    // The invitation is spent: a reload must not offer it again.
    expect(window.location.pathname + window.location.search).toBe('/');
  });

  it('shows a refused invitation above the form', async () => {
    start({
      'GET /auth/status': () => ok({ needsSetup: false, oidc: null }),
      'GET /me': () => signedOut,
      'POST /auth/signup': () => fail(400, 'auth:invite_invalid', 'This invitation is not valid (used or expired). Ask for a new one.'),
    }, '/?invite=stale');
    await screen.findByRole('heading', { name: 'Join Parley' });
    fill('Name', 'Grace');
    fill('Email', 'grace@example.com');
    fill('Password', 'a long and unusual passphrase');
    fireEvent.click(screen.getByRole('button', { name: 'Create my account' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This invitation is not valid (used or expired). Ask for a new one.');
  });

  it('lets someone already signed in continue as themselves instead', async () => {
    start({ 'GET /auth/status': () => ok({ needsSetup: false, oidc: null }), 'GET /me': () => ok({ user: admin, workspace }) }, '/?invite=inv-1');
    await screen.findByRole('heading', { name: 'Join Parley' });
    expect(screen.getByText(/You are signed in as Ada/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Continue as Ada' }));
    expect((await screen.findByTestId('inside')).textContent).toBe('Ada · admin · Local');
    expect(window.location.search).toBe('');
  });
});
