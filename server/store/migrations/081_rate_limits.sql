-- Rate limits (issue 13): the counters, shared by every Parley on this database, and the tiers an
-- admin chooses.

-- rate-limiter-flexible's Postgres store, exactly as the library would create it (it is told the
-- table exists, so no instance runs DDL at start-up): one row per counter and window, `expire` in
-- epoch milliseconds. Keys are `<limit>:<user|workspace>:<id>`.
CREATE TABLE rate_limits (
  key     varchar(255) PRIMARY KEY,
  points  integer NOT NULL DEFAULT 0,
  expire  bigint
);
CREATE INDEX rate_limits_expire ON rate_limits (expire);

-- The tier (built-in: free, pro, enterprise) a workspace is on; null: the install's default
-- (PARLEY_DEFAULT_TIER). A user's tier overrides the workspace's for that user's own limits.
ALTER TABLE workspaces ADD COLUMN tier text CHECK (tier IN ('free', 'pro', 'enterprise'));
ALTER TABLE users ADD COLUMN tier text CHECK (tier IN ('free', 'pro', 'enterprise'));
