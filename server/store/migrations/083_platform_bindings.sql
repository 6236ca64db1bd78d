-- Slack teams and Teams tenants are bound to a workspace by its admin (issue 13): their people
-- act as members of that workspace, matched to an account by email or else as a platform user
-- with the binding's default role. Nothing from an unbound team or tenant is answered.

-- Teams bound before accounts existed (each got its own 'slack-<team>' workspace) stay bound as
-- they were, with the role everyone had then.
ALTER TABLE slack_teams ADD COLUMN default_role text NOT NULL DEFAULT 'analyst' CHECK (default_role IN ('analyst', 'viewer'));
-- The admin who bound it; null for rows from before accounts, or when that admin's row is gone.
ALTER TABLE slack_teams ADD COLUMN bound_by text REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX slack_teams_by_workspace ON slack_teams (workspace_id);

CREATE TABLE teams_tenants (
  tenant_id     text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  default_role  text NOT NULL DEFAULT 'analyst' CHECK (default_role IN ('analyst', 'viewer')),
  bound_by      text REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_tenants_by_workspace ON teams_tenants (workspace_id);

-- Before this, every Teams tenant used one configured workspace (the local one by default):
-- tenants that already have people stay bound to the workspace those people are in.
INSERT INTO teams_tenants (tenant_id, workspace_id)
SELECT DISTINCT ON (tu.tenant_id) tu.tenant_id, u.workspace_id
  FROM teams_users tu JOIN users u ON u.id = tu.user_id
 ORDER BY tu.tenant_id, tu.created_at;

-- A person's mapping goes with their tenant's binding, as Slack's does with its team.
ALTER TABLE teams_users ADD CONSTRAINT teams_users_tenant_fk FOREIGN KEY (tenant_id) REFERENCES teams_tenants (tenant_id) ON DELETE CASCADE;
