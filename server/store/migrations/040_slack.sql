-- Slack: which Parley workspace a Slack team uses, which Parley user a Slack member is, and
-- which Parley conversation a Slack thread continues.

-- A Slack team gets its own Parley workspace on first contact (id 'slack-<team id>'). Point
-- workspace_id at another workspace (e.g. 'local') to share that workspace's data and history.
CREATE TABLE slack_teams (
  team_id       text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE slack_users (
  team_id        text NOT NULL REFERENCES slack_teams(team_id) ON DELETE CASCADE,
  slack_user_id  text NOT NULL,
  user_id        text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, slack_user_id)
);

-- One Slack thread (channel + thread_ts) is one Parley conversation.
CREATE TABLE slack_threads (
  team_id          text NOT NULL,
  channel_id       text NOT NULL,
  thread_ts        text NOT NULL,
  conversation_id  text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, channel_id, thread_ts)
);
CREATE INDEX slack_threads_by_conversation ON slack_threads (conversation_id);
