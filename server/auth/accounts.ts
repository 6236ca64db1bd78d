import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { ParleyError } from '../../agent/errors';
import type { AuditSink } from '../audit/audit-log';
import { LOCAL_WORKSPACE_ID, ROLES, type Identity, type Role } from '../identity';
import { parseInput } from '../http/parse';
import { inTransaction } from '../store/transaction';
import { checkPassword, decoyHash, hashPassword, verifyPassword } from './passwords';
import { readSessionToken, sessionKey, signSessionToken } from './session-token';
import type { Accounts, PublicUser, RequestContext, SignedIn } from './types';

export const email = z
  .string({ message: 'expects an email address' })
  .trim()
  .max(254, 'expects at most 254 characters')
  .pipe(z.email({ message: 'expects an email address such as ada@example.com' }))
  .transform((e) => e.toLowerCase());
const name = z.string({ message: 'expects your name' }).trim().min(1, 'expects your name').max(100, 'expects at most 100 characters');
const password = z.string({ message: 'expects a password' }).max(1024, 'expects at most 256 characters');

export const signupBody = z.strictObject({ email, password, name, invite: z.string().min(10).max(200).optional() });
export const loginBody = z.strictObject({ email, password });

/** Sign-in failures that slow down guessing: per account and per address, counted from the audit log. */
export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 20 } as const;
export const INVITE_DAYS = 7;

const USER_COLUMNS = `u.id, u.email, u.display_name AS name, u.role`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const invalidCredentials = () => new ParleyError('auth:invalid_credentials', { status: 401, userMessage: 'The email or password is not right.' });

export interface AccountsOptions {
  pool: pg.Pool;
  secretKey: Buffer;
  audit: AuditSink;
  /** How long a session lasts (PARLEY_SESSION_HOURS). */
  sessionHours: number;
  now?: () => Date;
}

/** Sign-up, sign-in and sessions over the store (see the Accounts interface). */
export function createAccounts(o: AccountsOptions): Accounts {
  const { pool, audit } = o;
  const key = sessionKey(o.secretKey);
  const now = o.now ?? (() => new Date());

  async function startSession(client: pg.Pool | pg.PoolClient, user: PublicUser & { workspaceId: string }, method: 'password' | 'oidc' | 'invite', ctx: RequestContext): Promise<SignedIn> {
    const sessionId = randomUUID();
    const expiresAt = new Date(now().getTime() + o.sessionHours * 3600_000);
    await client.query('INSERT INTO sessions (id, user_id, workspace_id, method, ip, user_agent, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      sessionId,
      user.id,
      user.workspaceId,
      method,
      ctx.ip ?? null,
      ctx.userAgent?.slice(0, 400) ?? null,
      expiresAt,
    ]);
    const token = await signSessionToken(key, { userId: user.id, sessionId, workspaceId: user.workspaceId }, expiresAt);
    return { user: publicUser(user), token, expiresAt };
  }

  /** Refuses a sign-in attempt while too many recent ones failed for this address or account. */
  async function throttle(emailAddress: string, ip: string | undefined) {
    const { rows } = await pool.query<{ account: number; address: number; account_first: Date | null; address_first: Date | null }>(
      `SELECT count(*) FILTER (WHERE detail->>'email' = $1 AND at > coalesce((SELECT max(at) FROM audit_log WHERE action = 'auth.signed_in' AND detail->>'email' = $1), '-infinity'))::int AS account,
              min(at) FILTER (WHERE detail->>'email' = $1) AS account_first,
              count(*) FILTER (WHERE ip = $2)::int AS address,
              min(at) FILTER (WHERE ip = $2) AS address_first
         FROM audit_log
        WHERE action = 'auth.sign_in_failed' AND at > $3`,
      [emailAddress, ip ?? null, new Date(now().getTime() - THROTTLE.windowMinutes * 60_000)],
    );
    const r = rows[0];
    const blockedBy = r.account >= THROTTLE.perAccount ? r.account_first : r.address >= THROTTLE.perAddress ? r.address_first : null;
    if (!blockedBy) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((new Date(blockedBy).getTime() + THROTTLE.windowMinutes * 60_000 - now().getTime()) / 1000));
    throw new ParleyError('auth:throttled', {
      status: 429,
      userMessage: `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s), or ask an admin to reset your password.`,
      details: { retryAfterSeconds },
    });
  }

  async function firstAdmin(input: z.infer<typeof signupBody>, ctx: RequestContext): Promise<SignedIn> {
    checkPassword(input.password, input);
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    const signedIn = await inTransaction(pool, async (client) => {
      // Two first visitors at once: only one becomes the admin.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('parley:first-admin'))");
      const { rows } = await client.query("SELECT 1 FROM users WHERE source = 'account' AND status <> 'removed' LIMIT 1");
      if (rows.length) {
        throw new ParleyError('auth:signup_closed', { status: 403, userMessage: 'Parley already has an admin; people join by invitation. Ask an admin of this Parley to invite you.' });
      }
      await client.query("INSERT INTO users (id, workspace_id, display_name, email, role, source, status, password_hash) VALUES ($1, $2, $3, $4, 'admin', 'account', 'active', $5)", [
        id,
        LOCAL_WORKSPACE_ID,
        input.name,
        input.email,
        passwordHash,
      ]);
      // What was asked and uploaded before accounts existed (as the local user) becomes the admin's.
      await client.query("UPDATE conversations SET user_id = $1 WHERE user_id = 'local'", [id]);
      await client.query("UPDATE uploads SET user_id = $1 WHERE user_id = 'local'", [id]);
      return startSession(client, { id, email: input.email, name: input.name, role: 'admin', workspaceId: LOCAL_WORKSPACE_ID }, 'password', ctx);
    });
    await audit.record({ workspaceId: LOCAL_WORKSPACE_ID, userId: id, action: 'auth.signed_up', target: id, detail: { email: input.email, role: 'admin', first: true }, ip: ctx.ip });
    return signedIn;
  }

  async function invited(input: z.infer<typeof signupBody> & { invite: string }, ctx: RequestContext): Promise<SignedIn> {
    const badInvite = () => new ParleyError('auth:invite_invalid', { status: 400, userMessage: 'invite: this invitation is not valid (used, expired or mistyped). Ask your admin for a new one.' });
    const { rows } = await pool.query<{ user_id: string; workspace_id: string; email: string; role: Role }>(
      `SELECT i.user_id, i.workspace_id, u.email, u.role FROM invitations i JOIN users u ON u.id = i.user_id
        WHERE i.token_hash = $1 AND i.used_at IS NULL AND i.expires_at > $2 AND u.status = 'invited'`,
      [sha256(input.invite), now()],
    );
    const inv = rows[0];
    if (!inv) throw badInvite();
    if (inv.email.toLowerCase() !== input.email) {
      throw new ParleyError('auth:invite_email', { status: 400, userMessage: 'email: this invitation was made for another email address; sign up with the address it was sent to.' });
    }
    checkPassword(input.password, input);
    const passwordHash = await hashPassword(input.password);
    const signedIn = await inTransaction(pool, async (client) => {
      const used = await client.query('UPDATE invitations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL', [sha256(input.invite), now()]);
      if (used.rowCount !== 1) throw badInvite();
      await client.query("UPDATE users SET display_name = $2, password_hash = $3, status = 'active' WHERE id = $1", [inv.user_id, input.name, passwordHash]);
      return startSession(client, { id: inv.user_id, email: inv.email, name: input.name, role: inv.role, workspaceId: inv.workspace_id }, 'invite', ctx);
    });
    await audit.record({ workspaceId: inv.workspace_id, userId: inv.user_id, action: 'auth.signed_up', target: inv.user_id, detail: { email: inv.email, role: inv.role }, ip: ctx.ip });
    return signedIn;
  }

  async function userRow(userId: string) {
    const { rows } = await pool.query<PublicUser & { workspaceId: string; status: string }>(
      `SELECT ${USER_COLUMNS}, u.workspace_id AS "workspaceId", u.status FROM users u WHERE u.id = $1`,
      [userId],
    );
    return rows[0];
  }

  return {
    async needsSetup() {
      const { rows } = await pool.query("SELECT 1 FROM users WHERE source = 'account' AND status <> 'removed' LIMIT 1");
      return rows.length === 0;
    },

    async signup(raw, ctx) {
      const input = parseInput(signupBody, raw);
      return input.invite ? invited({ ...input, invite: input.invite }, ctx) : firstAdmin(input, ctx);
    },

    async login(raw, ctx) {
      const input = parseInput(loginBody, raw);
      await throttle(input.email, ctx.ip);
      const { rows } = await pool.query<PublicUser & { workspaceId: string; status: string; password_hash: string | null }>(
        `SELECT ${USER_COLUMNS}, u.workspace_id AS "workspaceId", u.status, u.password_hash FROM users u
          WHERE lower(u.email) = $1 AND u.source = 'account' AND u.status <> 'removed'`,
        [input.email],
      );
      const user = rows[0];
      // A wrong password, an unknown address and an account without a password cost the same time and say the same.
      const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), input.password);
      if (!user || !user.password_hash || !ok || user.status !== 'active') {
        const reason = !user ? 'unknown_email' : user.status !== 'active' ? `status_${user.status}` : !user.password_hash ? 'no_password' : 'wrong_password';
        await audit.record({ workspaceId: user?.workspaceId ?? null, userId: user?.id ?? null, action: 'auth.sign_in_failed', target: user?.id ?? null, detail: { email: input.email, reason }, ip: ctx.ip });
        throw invalidCredentials();
      }
      const signedIn = await startSession(pool, user, 'password', ctx);
      await audit.record({ workspaceId: user.workspaceId, userId: user.id, action: 'auth.signed_in', target: user.id, detail: { email: input.email, method: 'password' }, ip: ctx.ip });
      return signedIn;
    },

    async startSession(userId, method, ctx) {
      const user = await userRow(userId);
      if (!user || user.status !== 'active') throw new ParleyError('auth:not_a_member', { status: 403, userMessage: 'This account is not (or no longer) a member of a Parley workspace.' });
      return startSession(pool, user, method, ctx);
    },

    async authenticate(token) {
      const claims = await readSessionToken(key, token);
      if (!claims) return undefined;
      const { rows } = await pool.query<{ workspace_id: string; role: Role }>(
        `SELECT u.workspace_id, u.role FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.status = 'active'`,
        [claims.sessionId, claims.userId, now()],
      );
      const r = rows[0];
      if (!r || !ROLES.includes(r.role)) return undefined;
      return { workspaceId: r.workspace_id, userId: claims.userId, role: r.role, sessionId: claims.sessionId } satisfies Identity;
    },

    async logout(sessionId) {
      await pool.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, now()]);
    },

    async user(userId) {
      const u = await userRow(userId);
      return u && publicUser(u);
    },
  };
}

function publicUser(u: PublicUser): PublicUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

export { sha256 as hashToken };

/** A new invitation token (shown once) and its hash (stored). */
export function newInviteToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: sha256(token) };
}
