DROP INDEX audit_events_at_idx;
DROP INDEX sessions_revoked_idx;
DROP INDEX sessions_expires_idx;
