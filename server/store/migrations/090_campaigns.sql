-- Campaign drafts (issue 16): one row per draft, every version kept. A draft belongs to its
-- workspace (all members read it; analysts and admins edit); the conversation it was drafted in
-- may be deleted without losing the draft.
CREATE TABLE campaigns (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  conversation_id  text REFERENCES conversations(id) ON DELETE SET NULL,
  created_by       text REFERENCES users(id) ON DELETE SET NULL,
  platform         text NOT NULL CHECK (platform IN ('google_search', 'google_pmax', 'linkedin', 'meta')),
  name             text NOT NULL,
  -- The newest version; a new one is written only by whoever read this number (compare-and-set).
  version          integer NOT NULL CHECK (version >= 1),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaigns_by_workspace ON campaigns (workspace_id, updated_at DESC);
CREATE INDEX campaigns_by_conversation ON campaigns (conversation_id, updated_at DESC);

CREATE TABLE campaign_versions (
  campaign_id    text NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  version        integer NOT NULL,
  campaign       jsonb NOT NULL,
  findings       jsonb NOT NULL,
  rules_version  text NOT NULL,
  grounding      jsonb NOT NULL,
  -- 'draft': the first version the tool wrote; 'chat': an edit asked for in words; 'hand': the editor.
  source         text NOT NULL CHECK (source IN ('draft', 'chat', 'hand')),
  summary        text NOT NULL DEFAULT '',
  user_id        text REFERENCES users(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, version)
);

-- One brand kit per workspace, checked against every generated or edited text.
CREATE TABLE brand_kits (
  workspace_id  text PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  kit           jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text REFERENCES users(id) ON DELETE SET NULL
);
