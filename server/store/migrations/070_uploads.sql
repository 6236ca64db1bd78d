-- Files people upload (issue 14). The bytes live under PARLEY_DATA_DIR/uploads/<workspace>/<id>/;
-- this is what they hold. `tables` is [{name, columns: [{name, type}], rowCount, rejectedRows}].
CREATE TABLE uploads (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  -- the conversation it was uploaded in, when one was named
  conversation_id  text REFERENCES conversations(id) ON DELETE SET NULL,
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('csv', 'xlsx', 'json', 'parquet')),
  size_bytes       bigint NOT NULL,
  tables           jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_workspace ON uploads (workspace_id, created_at);

-- Files attached to a conversation's questions: together they are the conversation's file datasource.
CREATE TABLE conversation_files (
  conversation_id  text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  upload_id        text NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
  attached_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, upload_id)
);
