-- Microsoft Teams: who is asking (a Teams user in a tenant) and where (a Teams chat, channel
-- thread or 1:1), each mapped to Parley's own user and conversation.
CREATE TABLE teams_users (
  tenant_id      text NOT NULL,
  -- The user's Entra (AAD) object id when Teams sends it, otherwise the Bot Framework from.id.
  teams_user_id  text NOT NULL,
  user_id        text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, teams_user_id)
);

CREATE TABLE teams_conversations (
  tenant_id              text NOT NULL,
  -- Teams' conversation id; in a channel it ends in `;messageid=<root>`, one reply chain each.
  teams_conversation_id  text NOT NULL,
  conversation_type      text NOT NULL CHECK (conversation_type IN ('personal', 'groupChat', 'channel')),
  -- The root message of a channel reply chain, when there is one.
  reply_chain_id         text,
  conversation_id        text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  created_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, teams_conversation_id)
);
CREATE INDEX teams_conversations_by_conversation ON teams_conversations (conversation_id);
