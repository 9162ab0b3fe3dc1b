-- The audit log is append-only: the database itself refuses UPDATE, DELETE and TRUNCATE on audit_logs, at row level
-- and at statement level (a statement-level trigger also fires when no row matches, and TRUNCATE has no rows).
-- Tamper tests disable the triggers as the table owner to simulate an attacker with owner rights; the hash chain
-- (core_verify_audit_log) is what catches that.
CREATE OR REPLACE FUNCTION omniaudit_audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_update_delete_row BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION omniaudit_audit_logs_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_update_delete_stmt BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION omniaudit_audit_logs_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION omniaudit_audit_logs_append_only();
