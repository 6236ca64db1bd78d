-- Accounts (issue 13): people sign in, belong to one workspace with a role, and join by invitation.

-- Who may do what in their workspace: admin (members, datasources, connectors, brand kit, audit),
-- analyst (ask, upload, run SQL, draft campaigns), viewer (ask and read).
ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'analyst' CHECK (role IN ('admin', 'analyst', 'viewer'));
-- How the row came to be: a sign-in account, the pre-accounts local user, or a Slack/Teams person
-- not (yet) matched to an account by email.
ALTER TABLE users ADD COLUMN source text NOT NULL DEFAULT 'account' CHECK (source IN ('account', 'local', 'slack', 'teams'));
-- invited: a member an admin added who has not signed up yet; removed: kept for history, cannot sign in.
ALTER TABLE users ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'invited', 'removed'));
-- argon2id (PHC string); null for OIDC-only accounts and platform users.
ALTER TABLE users ADD COLUMN password_hash text;
UPDATE users SET source = 'local' WHERE id = 'local';
UPDATE users SET source = 'slack' WHERE id IN (SELECT user_id FROM slack_users);
UPDATE users SET source = 'teams' WHERE id IN (SELECT user_id FROM teams_users);
-- One account per address, across the install: signing in by email must find exactly one.
CREATE UNIQUE INDEX users_account_email ON users (lower(email)) WHERE source = 'account' AND status <> 'removed';

-- A signed-in browser or API client. The token handed out is a JWT naming the session; the
-- session row is what makes it valid (sign-out, removal and expiry end it at once).
CREATE TABLE sessions (
  id            text PRIMARY KEY,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  method        text NOT NULL CHECK (method IN ('password', 'oidc', 'invite')),
  ip            text,
  user_agent    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- An admin's invitation: the token (only its SHA-256 is kept) lets the invited member sign up once.
CREATE TABLE invitations (
  token_hash    text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_by    text REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz
);

-- Accounts signed in through OpenID Connect: the provider's (issuer, subject) names the person.
CREATE TABLE user_identities (
  issuer      text NOT NULL,
  subject     text NOT NULL,
  user_id     text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  email       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);

-- Per-workspace settings an admin changes.
CREATE TABLE workspace_settings (
  workspace_id   text PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  -- email domains whose people may join by OIDC sign-in without an invitation, with this role
  oidc_domains   text[] NOT NULL DEFAULT '{}',
  oidc_role      text NOT NULL DEFAULT 'viewer' CHECK (oidc_role IN ('analyst', 'viewer')),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- What people did (sign-ins, member and role changes, datasource changes, SQL run, exports).
-- Rows are only ever added: a trigger refuses UPDATE and DELETE of single rows.
CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  workspace_id  text REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id       text,
  action        text NOT NULL,
  target        text,
  detail        jsonb NOT NULL DEFAULT '{}',
  ip            text,
  at            timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX audit_log_by_workspace ON audit_log (workspace_id, at DESC);
