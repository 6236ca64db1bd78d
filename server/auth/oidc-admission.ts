import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Role } from '../identity';
import { oidcRefusal, type OidcClaims } from './oidc-client';
import { inTransaction } from '../store/transaction';

/** How the person got in: their known link, an account matched by email (now linked), or a new member by domain. */
export type Admission = { userId: string; workspaceId: string; role: Role; how: 'linked' | 'matched_email' | 'joined_by_domain' };

interface UserRow {
  id: string;
  workspace_id: string;
  role: Role;
  status: 'active' | 'invited' | 'removed';
}

const USER_COLUMNS = 'u.id, u.workspace_id, u.role, u.status';

/**
 * Decides who an OpenID sign-in is, and makes it so (links the identity, activates an invited
 * member, creates a member for a joined domain) in one transaction:
 * (a) a known (issuer, subject) link → that member;
 * (b) else an account whose address is the VERIFIED email (case-insensitive) → linked; an invited member becomes active;
 * (c) else a workspace that lets the email's domain join → a new member with that workspace's role;
 * (d) else refused. Removed members never get in. Throws an `oidc:` refusal.
 */
export async function admitOidcSignIn(pool: pg.Pool, claims: OidcClaims): Promise<Admission> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await admitOnce(pool, claims);
    } catch (e) {
      // Two sign-ins of a new person at once: the loser's insert conflicts; the retry finds the winner's row.
      if ((e as { code?: string }).code === '23505' && attempt < 2) continue;
      throw e;
    }
  }
}

function admitOnce(pool: pg.Pool, claims: OidcClaims): Promise<Admission> {
  return inTransaction(pool, (client) => decide(client, claims));
}

async function decide(db: pg.PoolClient, claims: OidcClaims): Promise<Admission> {
  const linked = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM user_identities i JOIN users u ON u.id = i.user_id
      WHERE i.issuer = $1 AND i.subject = $2 AND u.source = 'account' FOR UPDATE OF u`,
    [claims.issuer, claims.subject],
  );
  if (linked.rows[0]) return { ...(await admit(db, linked.rows[0])), how: 'linked' };

  if (!claims.email) throw oidcRefusal('email_missing', `the provider gave no email for subject ${claims.subject}`);
  // An unverified address proves nothing: anyone can type someone else's into a provider profile.
  if (!claims.emailVerified) throw oidcRefusal('email_unverified', `the provider has not verified ${claims.email}`);
  // Stored as accounts.ts stores addresses: lower case.
  const email = claims.email.trim().toLowerCase();

  const accounts = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.source = 'account' AND lower(u.email) = lower($1)
      ORDER BY (u.status = 'removed'), u.created_at DESC FOR UPDATE OF u`,
    [email],
  );
  const account = accounts.rows.find((u) => u.status !== 'removed');
  if (account) {
    // A second person at the same provider with this address (a reassigned mailbox) does not inherit the first one's account.
    const other = await db.query('SELECT 1 FROM user_identities WHERE user_id = $1 AND issuer = $2 AND subject <> $3', [account.id, claims.issuer, claims.subject]);
    if (other.rowCount) throw oidcRefusal('identity_conflict', `account ${account.id} is linked to another subject at ${claims.issuer}`);
    const admitted = await admit(db, account);
    await link(db, claims, account.id, email);
    return { ...admitted, how: 'matched_email' };
  }
  // Removed stays removed: joining by domain must not bring a removed member back under a new account.
  if (accounts.rows.length) throw oidcRefusal('account_removed', `${email} was removed`);

  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const joinable = await db.query<{ workspace_id: string; oidc_role: Role }>('SELECT workspace_id, oidc_role FROM workspace_settings WHERE $1 = ANY(oidc_domains) ORDER BY workspace_id LIMIT 2', [domain]);
  // The settings route lets one workspace claim a domain; two would leave the choice of workspace to chance.
  if (joinable.rows.length !== 1) throw oidcRefusal('not_invited', joinable.rows.length ? `domain ${domain} is claimed by several workspaces` : `${email} has no account and ${domain} joins no workspace`);
  const { workspace_id: workspaceId, oidc_role: role } = joinable.rows[0];
  const userId = randomUUID();
  await db.query(`INSERT INTO users (id, workspace_id, display_name, email, role, source, status) VALUES ($1, $2, $3, $4, $5, 'account', 'active')`, [
    userId,
    workspaceId,
    claims.name ?? email.slice(0, email.lastIndexOf('@')),
    email,
    role,
  ]);
  await link(db, claims, userId, email);
  return { userId, workspaceId, role, how: 'joined_by_domain' };
}

async function admit(db: pg.PoolClient, u: UserRow): Promise<Omit<Admission, 'how'>> {
  if (u.status === 'removed') throw oidcRefusal('account_removed', `member ${u.id} was removed`);
  if (u.status === 'invited') {
    await db.query(`UPDATE users SET status = 'active' WHERE id = $1`, [u.id]);
    // Signed in another way: the invitation's sign-up link has done its job.
    await db.query('UPDATE invitations SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [u.id]);
  }
  return { userId: u.id, workspaceId: u.workspace_id, role: u.role };
}

async function link(db: pg.PoolClient, claims: OidcClaims, userId: string, email: string) {
  await db.query('INSERT INTO user_identities (issuer, subject, user_id, email) VALUES ($1, $2, $3, $4)', [claims.issuer, claims.subject, userId, email]);
}
