-- The audit log is append-only (issue 13): no statement may change or remove a row, whatever
-- role runs it, with one exception: deleting a workspace removes its rows through the foreign
-- key's cascade. A cascaded delete runs after the workspace row is gone, so "the row's workspace
-- no longer exists" tells a cascade from a DELETE aimed at the log (which finds its workspace).
-- Rows without a workspace (failed sign-ins for unknown addresses) can never be deleted.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.workspace_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM workspaces WHERE id = OLD.workspace_id) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- TRUNCATE fires no row triggers: refused on its own.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- GET /api/audit pages newest first by id within a workspace.
CREATE INDEX audit_log_by_workspace_id ON audit_log (workspace_id, id DESC);
