-- Parley's own tables: who asks, what was said, and every event of every run.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE workspaces (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  display_name  text NOT NULL,
  email         text,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The laptop defaults: one local workspace with one local user.
INSERT INTO workspaces (id, name) VALUES ('local', 'Local workspace');
INSERT INTO users (id, workspace_id, display_name) VALUES ('local', 'local', 'Local user');

CREATE TABLE conversations (
  id            text PRIMARY KEY,
  workspace_id  text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title         text NOT NULL,
  datasource    text,
  channel       text NOT NULL DEFAULT 'web',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_by_user ON conversations (workspace_id, user_id, updated_at DESC);

CREATE TABLE runs (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_message_id  text NOT NULL,
  status           text NOT NULL CHECK (status IN ('running', 'completed', 'error', 'cancelled', 'interrupted')),
  model            text NOT NULL,
  prompts          jsonb NOT NULL DEFAULT '{}',
  last_seq         integer NOT NULL DEFAULT 0,
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX runs_by_conversation ON runs (conversation_id, started_at DESC);

CREATE TABLE messages (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  run_id           text,
  role             text NOT NULL CHECK (role IN ('user', 'assistant')),
  text             text NOT NULL,
  status           text NOT NULL DEFAULT 'complete' CHECK (status IN ('complete', 'cancelled', 'error', 'interrupted')),
  usage            jsonb,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);

CREATE TABLE run_events (
  run_id      text NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE artifacts (
  id               text PRIMARY KEY,
  conversation_id  text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  run_id           text NOT NULL,
  call_id          text,
  kind             text NOT NULL,
  title            text,
  data             jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artifacts_by_conversation ON artifacts (conversation_id, created_at);
