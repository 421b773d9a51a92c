DROP INDEX sessions_created_idx;
ALTER TABLE users DROP COLUMN expires_at;
ALTER TABLE users DROP COLUMN desktop_app_browser_quit;
ALTER TABLE users DROP COLUMN session_duration_secs;
ALTER TABLE users DROP COLUMN max_sessions;
