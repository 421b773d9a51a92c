-- The finer core error names folded into one outcome are not restored.
DROP INDEX audit_events_outcome_idx;
ALTER TABLE audit_events DROP COLUMN detail;
ALTER TABLE audit_events DROP COLUMN session_id;
