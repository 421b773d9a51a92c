DROP INDEX audit_events_session_idx;
