-- Retention (issue #18): the background purge finds dead sessions and old audit events by
-- these, a batch at a time, without scanning the tables.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX sessions_revoked_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX audit_events_at_idx ON audit_events (at);
