-- Per-user session policy (SPEC §3.5: ECGridOS UserSetMaxSessions, Slack session settings)
-- and account expiry (SPEC §3.1: Slack admin.users.setExpiration). NULL means the service
-- default / never.
ALTER TABLE users ADD COLUMN max_sessions INTEGER;
ALTER TABLE users ADD COLUMN session_duration_secs BIGINT;
ALTER TABLE users ADD COLUMN desktop_app_browser_quit BOOLEAN;
ALTER TABLE users ADD COLUMN expires_at TIMESTAMP;
-- Every live session in creation order, for the organisation-wide cursor listing.
CREATE INDEX sessions_created_idx ON sessions (created, id);
