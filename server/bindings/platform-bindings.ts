import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../store/transaction';
import { ParleyError } from '../../agent/errors';
import type { Identity, Role } from '../identity';

/** A chat platform whose organisations an admin binds to a workspace. */
export type Platform = 'slack' | 'teams';

/** The roles a binding may give the people it lets in: an admin is always a signed-in account. */
export const BINDING_ROLES = ['analyst', 'viewer'] as const;
export type BindingRole = (typeof BINDING_ROLES)[number];

/** Table and wording per platform; fixed here, never taken from a request. */
const PLATFORMS = {
  slack: { bindings: 'slack_teams', key: 'team_id', people: 'slack_users', personKey: 'slack_user_id', links: ['slack_threads'], thing: 'Slack team', idName: 'team id', userIdPrefix: '' },
  teams: { bindings: 'teams_tenants', key: 'tenant_id', people: 'teams_users', personKey: 'teams_user_id', links: ['teams_conversations'], thing: 'Microsoft Teams tenant', idName: 'tenant id', userIdPrefix: 'teams-' },
} as const satisfies Record<Platform, unknown>;

export interface Binding {
  /** The Slack team id or Teams tenant id. */
  id: string;
  workspaceId: string;
  defaultRole: BindingRole;
  boundBy: string | null;
  createdAt: Date;
}

export interface Profile {
  displayName: string;
  /** The address the platform vouches for (Slack's profile.email, Teams' email or userPrincipalName). */
  email?: string;
}

/** The one reply to a removed member who writes from Slack or Teams. */
export const REMOVED_MEMBER_REPLY = 'Your Parley account was removed from this workspace, so Parley cannot answer you. Ask a Parley admin if you think this is a mistake.';

/** Who a platform person is in Parley, or why they may not ask. */
export type Person =
  | { kind: 'unbound' }
  | { kind: 'removed'; workspaceId: string; userId: string }
  | { kind: 'member'; identity: Identity; created: boolean };

interface BindingRow {
  id: string;
  workspace_id: string;
  default_role: BindingRole;
  bound_by: string | null;
  created_at: Date;
}

interface UserRow {
  id: string;
  workspace_id: string;
  role: Role;
  status: 'active' | 'invited' | 'removed';
  source: string;
  email: string | null;
}

const FOREIGN_KEY_VIOLATION = '23503';

const toBinding = (r: BindingRow): Binding => ({ id: r.id, workspaceId: r.workspace_id, defaultRole: r.default_role, boundBy: r.bound_by, createdAt: r.created_at });

/**
 * Which workspace a Slack team or Teams tenant belongs to (bound by that workspace's admin), and
 * who each of its people is there: the account with their email when the workspace has one,
 * otherwise a platform user with the binding's default role. A team bound to one workspace is
 * never moved to another by binding it again.
 */
export function createPlatformBindings(pool: pg.Pool, platform: Platform) {
  const p = PLATFORMS[platform];
  const bindingColumns = `${p.key} AS id, workspace_id, default_role, bound_by, created_at`;

  async function find(id: string): Promise<Binding | undefined> {
    const { rows } = await pool.query<BindingRow>(`SELECT ${bindingColumns} FROM ${p.bindings} WHERE ${p.key} = $1`, [id]);
    return rows[0] && toBinding(rows[0]);
  }

  /** The workspace's account for this address: active or invited before a removed one. */
  async function accountByEmail(db: pg.Pool | pg.PoolClient, workspaceId: string, email: string): Promise<UserRow | undefined> {
    const { rows } = await db.query<UserRow>(
      `SELECT id, workspace_id, role, status, source, email FROM users
        WHERE workspace_id = $1 AND source = 'account' AND lower(email) = lower($2)
        ORDER BY (status = 'removed'), created_at LIMIT 1`,
      [workspaceId, email],
    );
    return rows[0];
  }

  async function mapped(id: string, personId: string): Promise<UserRow | undefined> {
    const { rows } = await pool.query<UserRow>(
      `SELECT u.id, u.workspace_id, u.role, u.status, u.source, u.email FROM ${p.people} m JOIN users u ON u.id = m.user_id
        WHERE m.${p.key} = $1 AND m.${p.personKey} = $2`,
      [id, personId],
    );
    return rows[0];
  }

  function asPerson(u: UserRow, created: boolean): Person {
    if (u.status === 'removed') return { kind: 'removed', workspaceId: u.workspace_id, userId: u.id };
    return { kind: 'member', identity: { workspaceId: u.workspace_id, userId: u.id, role: u.role }, created };
  }

  return {
    platform,
    find,

    async list(workspaceId: string): Promise<Binding[]> {
      const { rows } = await pool.query<BindingRow>(`SELECT ${bindingColumns} FROM ${p.bindings} WHERE workspace_id = $1 ORDER BY created_at, ${p.key}`, [workspaceId]);
      return rows.map(toBinding);
    },

    /**
     * Binds `id` to the admin's workspace, or changes its default role when it is bound there
     * already (its platform users who had the old default take the new one). Refused with `integration:taken` when
     * another workspace has it.
     */
    async bind(b: { workspaceId: string; id: string; defaultRole: BindingRole; boundBy: string }): Promise<{ binding: Binding; created: boolean }> {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<BindingRow & { created: boolean; old_role: BindingRole | null }>(
          `WITH old AS (SELECT default_role FROM ${p.bindings} WHERE ${p.key} = $1)
           INSERT INTO ${p.bindings} (${p.key}, workspace_id, default_role, bound_by) VALUES ($1, $2, $3, $4)
           ON CONFLICT (${p.key}) DO UPDATE SET default_role = EXCLUDED.default_role
             WHERE ${p.bindings}.workspace_id = EXCLUDED.workspace_id
           RETURNING ${bindingColumns}, (xmax = 0) AS created, (SELECT default_role FROM old) AS old_role`,
          [b.id, b.workspaceId, b.defaultRole, b.boundBy],
        );
        if (!rows[0]) {
          throw new ParleyError('integration:taken', {
            status: 409,
            userMessage: `${p.thing} ${b.id} is already connected to another Parley workspace. An admin of that workspace must disconnect it there first.`,
          });
        }
        // Platform users who had the old default take the new one; one an admin gave another role keeps it.
        if (!rows[0].created && rows[0].old_role && rows[0].old_role !== b.defaultRole) {
          await client.query(
            `UPDATE users SET role = $2 WHERE source = $3 AND role = $4 AND id IN (SELECT user_id FROM ${p.people} WHERE ${p.key} = $1)`,
            [b.id, b.defaultRole, platform, rows[0].old_role],
          );
        }
        return { binding: toBinding(rows[0]), created: rows[0].created };
      });
    },

    /**
     * Unbinds `id` from the workspace (only its own). Its people's mappings and its threads'
     * links go too, so nothing of it is answered or continued; the conversations and users stay
     * in the workspace as history.
     */
    async unbind(workspaceId: string, id: string): Promise<boolean> {
      return inTransaction(pool, async (client) => {
        const removed = await client.query(`DELETE FROM ${p.bindings} WHERE ${p.key} = $1 AND workspace_id = $2`, [id, workspaceId]);
        if (removed.rowCount) {
          await client.query(`DELETE FROM ${p.people} WHERE ${p.key} = $1`, [id]);
          for (const table of p.links) await client.query(`DELETE FROM ${table} WHERE ${p.key} = $1`, [id]);
        }
        return Boolean(removed.rowCount);
      });
    },

    /**
     * Who a person of team/tenant `id` is: unbound when nobody bound it; else the workspace's
     * account with their email, or their own platform user (created on first contact, with the
     * binding's default role). `profile` is asked only on first contact. A platform user whose
     * email later gets an account in the workspace becomes that account.
     */
    async person(id: string, personId: string, profile: () => Promise<Profile>): Promise<Person> {
      const binding = await find(id);
      if (!binding) return { kind: 'unbound' };
      const known = await mapped(id, personId);
      if (known && known.workspace_id === binding.workspaceId) {
        if (known.source !== platform || !known.email) return asPerson(known, false);
        const account = await accountByEmail(pool, binding.workspaceId, known.email);
        if (!account) return asPerson(known, false);
        await pool.query(`UPDATE ${p.people} SET user_id = $3 WHERE ${p.key} = $1 AND ${p.personKey} = $2`, [id, personId, account.id]);
        return asPerson(account, false);
      }

      const who = await profile();
      const email = who.email?.trim() || undefined;
      const account = email ? await accountByEmail(pool, binding.workspaceId, email) : undefined;
      const client = await pool.connect();
      let outcome: Person | undefined;
      try {
        await client.query('BEGIN');
        // A mapping left pointing into another workspace (a team re-pointed by hand) is replaced.
        if (known) await client.query(`DELETE FROM ${p.people} WHERE ${p.key} = $1 AND ${p.personKey} = $2`, [id, personId]);
        let user: UserRow;
        if (account) {
          user = account;
        } else {
          user = { id: `${p.userIdPrefix}${randomUUID()}`, workspace_id: binding.workspaceId, role: binding.defaultRole, status: 'active', source: platform, email: email ?? null };
          await client.query('INSERT INTO users (id, workspace_id, display_name, email, role, source) VALUES ($1, $2, $3, $4, $5, $6)', [
            user.id,
            user.workspace_id,
            who.displayName.trim() || `${platform === 'slack' ? 'Slack' : 'Teams'} user`,
            user.email,
            user.role,
            platform,
          ]);
        }
        const linked = await client.query(`INSERT INTO ${p.people} (${p.key}, ${p.personKey}, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, personId, user.id]);
        // Another message from the same person won the race: keep theirs, drop ours.
        await client.query(linked.rowCount ? 'COMMIT' : 'ROLLBACK');
        if (linked.rowCount) outcome = asPerson(user, !account);
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        // The binding was removed while this person was being added (the mapping's foreign key).
        if ((e as { code?: string }).code === FOREIGN_KEY_VIOLATION && !(await find(id))) return { kind: 'unbound' };
        throw e;
      } finally {
        client.release();
      }
      if (outcome) return outcome;
      const winner = await mapped(id, personId);
      // Only unbinding deletes mappings: the binding went while this message was on its way.
      return winner ? asPerson(winner, false) : { kind: 'unbound' };
    },
  };
}

export type PlatformBindings = ReturnType<typeof createPlatformBindings>;
