-- Datasources people connect (the demo warehouse is built in, not stored here), and the
-- searchable catalog of every datasource: tables, columns, saved examples and glossary notes.
CREATE TABLE datasources (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name           text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('postgres')),
  -- AES-256-GCM: iv, auth tag and ciphertext, base64; never returned by the API
  url_encrypted  text NOT NULL,
  -- host and database only, for messages and listings
  display        text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, name)
);

-- One row per searchable piece of a datasource's catalog. `datasource_key` is
-- `<workspace>/<datasource id>` so one workspace never retrieves another's pieces.
CREATE TABLE catalog_entries (
  datasource_key  text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('table', 'column', 'example', 'glossary')),
  ref             text NOT NULL,
  table_name      text,
  body            text NOT NULL,
  embedder        text NOT NULL,
  embedding       vector NOT NULL,
  tsv             tsvector NOT NULL,
  PRIMARY KEY (datasource_key, kind, ref)
);
CREATE INDEX catalog_entries_tsv ON catalog_entries USING gin (tsv);

-- Which catalog version (a hash of the introspected schema) each datasource's entries were built from.
CREATE TABLE catalog_builds (
  datasource_key  text PRIMARY KEY,
  schema_hash     text NOT NULL,
  embedder        text NOT NULL,
  built_at        timestamptz NOT NULL DEFAULT now()
);

-- Saved question → SQL examples and business-glossary notes, per workspace and datasource.
CREATE TABLE catalog_notes (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  datasource_id  text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('example', 'glossary')),
  title          text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
