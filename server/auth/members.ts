import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { AuditSink } from '../audit/audit-log';
import { ROLES, type Identity, type Role } from '../identity';
import { parseInput } from '../http/parse';
import { inTransaction } from '../store/transaction';
import { email, INVITE_DAYS, newInviteToken } from './accounts';

export interface Member {
  id: string;
  email: string | null;
  name: string;
  role: Role;
  status: 'active' | 'invited' | 'removed';
  /** account: signs in to Parley; slack / teams: a person of a connected Slack team or Teams tenant. */
  source: 'account' | 'slack' | 'teams';
  createdAt: string;
}

const role = z.enum(ROLES, { message: `expects one of ${ROLES.join(', ')}` });
export const inviteBody = z.strictObject({
  email,
  name: z.string({ message: 'expects the person\'s name' }).trim().min(1, 'expects the person\'s name').max(100, 'expects at most 100 characters'),
  role,
});
export const changeBody = z.strictObject({ role });

const COLUMNS = `id, email, display_name AS name, role, status, source, created_at AS "createdAt"`;

const notFound = (id: string) => new ParleyError('member:not_found', { status: 404, userMessage: `No member with id ${id} in this workspace.` });

/** The members of a workspace, as its admins manage them. Every query is bound to the caller's workspace. */
export function createMembers(o: { pool: pg.Pool; audit: AuditSink; now?: () => Date }) {
  const { pool, audit } = o;
  const now = o.now ?? (() => new Date());

  async function get(client: pg.PoolClient, who: Identity, id: string): Promise<Member> {
    const { rows } = await client.query<Member>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND workspace_id = $2 AND source <> 'local'`, [id, who.workspaceId]);
    if (!rows[0]) throw notFound(id);
    return rows[0];
  }

  /** Refuses a change that would leave the workspace with no active admin. */
  async function keepAnAdmin(client: pg.PoolClient, who: Identity, id: string) {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE workspace_id = $1 AND role = 'admin' AND status = 'active' AND source = 'account' AND id <> $2",
      [who.workspaceId, id],
    );
    if (rows[0].n === 0) throw new ParleyError('member:last_admin', { status: 409, userMessage: 'This is the workspace\'s only admin; make another member admin first.' });
  }

  /**
   * Runs `fn` in a transaction that holds the workspace's member lock (so two admins cannot both
   * demote each other). Everything in it goes through `client`: the embedded store has one connection.
   */
  function locked<T>(who: Identity, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('parley:members:' || $1))", [who.workspaceId]);
      return fn(client);
    });
  }

  return {
    async list(who: Identity): Promise<Member[]> {
      const { rows } = await pool.query<Member>(
        `SELECT ${COLUMNS} FROM users WHERE workspace_id = $1 AND source <> 'local' AND status <> 'removed' ORDER BY created_at, id`,
        [who.workspaceId],
      );
      return rows;
    },

    /** Adds an invited member and answers the sign-up token (shown once; only its hash is kept). */
    async invite(who: Identity, raw: unknown, ip?: string): Promise<{ member: Member; invite: string; expiresAt: Date }> {
      const input = parseInput(inviteBody, raw);
      const { token, hash } = newInviteToken();
      const expiresAt = new Date(now().getTime() + INVITE_DAYS * 86_400_000);
      const member = await locked(who, async (client) => {
        const { rows: existing } = await client.query<Member & { workspace_id: string }>(
          `SELECT ${COLUMNS}, workspace_id FROM users WHERE lower(email) = $1 AND source = 'account' AND status <> 'removed'`,
          [input.email],
        );
        const found = existing[0];
        // Another workspace's account, or an active member: nothing to invite (and nothing said about other workspaces).
        if (found && (found.workspace_id !== who.workspaceId || found.status === 'active')) {
          throw new ParleyError('member:exists', { status: 409, userMessage: `email: ${input.email} already has a Parley account. People can belong to one workspace.` });
        }
        let m: Member;
        if (found) {
          // Invited again: the old invitation stops working, the new one starts.
          await client.query('UPDATE invitations SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [found.id, now()]);
          const { rows } = await client.query<Member>(`UPDATE users SET display_name = $2, role = $3 WHERE id = $1 RETURNING ${COLUMNS}`, [found.id, input.name, input.role]);
          m = rows[0];
        } else {
          const { rows } = await client.query<Member>(
            `INSERT INTO users (id, workspace_id, display_name, email, role, source, status) VALUES ($1, $2, $3, $4, $5, 'account', 'invited') RETURNING ${COLUMNS}`,
            [randomUUID(), who.workspaceId, input.name, input.email, input.role],
          );
          m = rows[0];
        }
        await client.query('INSERT INTO invitations (token_hash, workspace_id, user_id, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)', [hash, who.workspaceId, m.id, who.userId, expiresAt]);
        return m;
      });
      await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'member.invited', target: member.id, detail: { email: input.email, role: input.role }, ip });
      return { member, invite: token, expiresAt };
    },

    async changeRole(who: Identity, id: string, raw: unknown, ip?: string): Promise<Member> {
      const input = parseInput(changeBody, raw);
      const { before, after } = await locked(who, async (client) => {
        const before = await get(client, who, id);
        if (before.status === 'removed') throw notFound(id);
        if (before.role === 'admin' && input.role !== 'admin') await keepAnAdmin(client, who, id);
        const { rows } = await client.query<Member>(`UPDATE users SET role = $3 WHERE id = $1 AND workspace_id = $2 RETURNING ${COLUMNS}`, [id, who.workspaceId, input.role]);
        return { before, after: rows[0] };
      });
      if (before.role !== after.role) {
        await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'member.role_changed', target: id, detail: { from: before.role, to: after.role }, ip });
      }
      return after;
    },

    /** Removes a member: their sessions end at once; their conversations stay (as history), unreachable to others. */
    async remove(who: Identity, id: string, ip?: string): Promise<void> {
      const removed = await locked(who, async (client) => {
        const m = await get(client, who, id);
        if (m.status === 'removed') throw notFound(id);
        if (m.role === 'admin') await keepAnAdmin(client, who, id);
        await client.query("UPDATE users SET status = 'removed' WHERE id = $1 AND workspace_id = $2", [id, who.workspaceId]);
        await client.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [id, now()]);
        await client.query('UPDATE invitations SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL', [id, now()]);
        return m;
      });
      await audit.record({ workspaceId: who.workspaceId, userId: who.userId, action: 'member.removed', target: id, detail: { email: removed.email, role: removed.role }, ip });
    },
  };
}

export type Members = ReturnType<typeof createMembers>;
