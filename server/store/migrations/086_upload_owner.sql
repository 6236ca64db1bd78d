-- An upload belongs to the member who uploaded it (issue 13): another member of the workspace
-- cannot read, attach or delete it. Uploads from before accounts were the local user's.
ALTER TABLE uploads ADD COLUMN user_id text REFERENCES users(id) ON DELETE CASCADE;
UPDATE uploads SET user_id = 'local' WHERE user_id IS NULL;
ALTER TABLE uploads ALTER COLUMN user_id SET NOT NULL;
CREATE INDEX uploads_by_user ON uploads (workspace_id, user_id, created_at);
