// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/session-context';
import type { Member } from '../auth/types';
import { fail, fakeApi, ok } from '../testing/fake-api';
import { MembersPage } from './members-page';

const me = { user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'admin' as const }, workspace: { id: 'local', name: 'Acme' } };

/** The workspace's members as the test's stand-in for the server keeps them. */
function workspace() {
  const members: Member[] = [
    { ...me.user, status: 'active' },
    { id: 'u2', email: 'grace@example.com', name: 'Grace', role: 'analyst', status: 'active' },
  ];
  let invites = 0;
  const api = fakeApi({
    'GET /members': () => ok(members),
    'POST /members': ({ body }) => {
      if (members.some((m) => m.email === body.email)) return fail(409, 'members:email_taken', 'Someone with this email is already a member.');
      const member: Member = { id: `u${members.length + 1}`, email: body.email, name: body.name, role: body.role, status: 'invited' };
      members.push(member);
      return ok({ member, invite: `invite-token-${++invites}` }, 201);
    },
    'PATCH /members/:id': ({ params, body }) => {
      const m = members.find((x) => x.id === params.id);
      if (!m) return fail(404, 'not_found', 'No such member.');
      if (body.role === 'admin' && m.status === 'invited') return fail(400, 'members:invited', 'Invited members become admins after they join.');
      m.role = body.role;
      return ok(m);
    },
    'DELETE /members/:id': ({ params }) => {
      members.splice(members.findIndex((x) => x.id === params.id), 1);
      return ok({ removed: true });
    },
  });
  render(
    <SessionProvider value={{ me, renewals: 0, expire: () => undefined, signOut: async () => undefined }}>
      <MembersPage onBack={() => undefined} />
    </SessionProvider>,
  );
  return { api, members };
}

const rows = () => screen.getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').slice(0, 4).map((c) => (c.querySelector('select') as HTMLSelectElement | null)?.value ?? c.textContent?.trim()));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('MembersPage', () => {
  it('lists the members; the admin cannot change or remove themselves here', async () => {
    workspace();
    await screen.findByRole('table');
    expect(rows()).toEqual([
      ['Ada (you)', 'ada@example.com', 'Admin', 'active'],
      ['Grace', 'grace@example.com', 'analyst', 'active'],
    ]);
    expect(screen.queryByRole('button', { name: 'Remove Ada' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Role of Ada' })).toBeNull();
  });

  it('invites someone and shows the invitation link to copy', async () => {
    const { api } = workspace();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await screen.findByRole('table');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Linus' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'linus@example.com' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'viewer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    const link = (await screen.findByLabelText('Invitation link for Linus')) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}/?invite=invite-token-1`);
    expect(api.requests.find((r) => r.method === 'POST')!.body).toEqual({ email: 'linus@example.com', name: 'Linus', role: 'viewer' });
    expect(rows().at(-1)).toEqual(['Linus', 'linus@example.com', 'viewer', 'invited']);
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/?invite=invite-token-1`));
    // The form is ready for the next person.
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('');
  });

  it('shows a refused invitation next to the field it is about', async () => {
    workspace();
    await screen.findByRole('table');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Grace again' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'grace@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(email.getAttribute('aria-describedby')!)!.textContent).toBe('Someone with this email is already a member.');
    expect(document.activeElement).toBe(email);
    expect(screen.queryByLabelText(/Invitation link/)).toBeNull();
  });

  it('changes a member\'s role and says so', async () => {
    const { api, members } = workspace();
    await screen.findByRole('table');
    fireEvent.change(screen.getByRole('combobox', { name: 'Role of Grace' }), { target: { value: 'viewer' } });
    await waitFor(() => expect(rows()[1][2]).toBe('viewer'));
    expect(api.requests.find((r) => r.method === 'PATCH')).toMatchObject({ path: '/members/u2', body: { role: 'viewer' } });
    expect(members[1].role).toBe('viewer');
    expect(screen.getByText('Grace is now Viewer.')).toBeTruthy();
  });

  it('removes a member only after confirmation', async () => {
    const { api } = workspace();
    await screen.findByRole('table');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Grace' }));
    expect(confirm).toHaveBeenLastCalledWith('Remove Grace (grace@example.com) from this workspace? They will no longer be able to sign in.');
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(rows()).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Grace' }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(api.requests.find((r) => r.method === 'DELETE')!.path).toBe('/members/u2');
    expect(screen.getByText('Grace was removed.')).toBeTruthy();
  });

  it('shows the server\'s reason when a change is refused, and keeps the role shown', async () => {
    const { members } = workspace();
    members.push({ id: 'u3', email: 'new@example.com', name: 'New', role: 'viewer', status: 'invited' });
    await screen.findByRole('table');
    fireEvent.change(screen.getByRole('combobox', { name: 'Role of New' }), { target: { value: 'admin' } });
    expect((await screen.findByRole('alert')).textContent).toBe('Invited members become admins after they join.');
    expect(rows()[2][2]).toBe('viewer');
  });
});
