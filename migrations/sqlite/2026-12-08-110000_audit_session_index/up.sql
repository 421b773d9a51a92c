-- The audit events of a session, for ECGridOS session logs (SessionLog, SessionLogEx).
CREATE INDEX audit_events_session_idx ON audit_events (session_id, id);
