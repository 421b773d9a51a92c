-- Gatehouse schema, SQLite. Keep in step with ../../postgres/ (a store test compares both).
-- Ids are INTEGER PRIMARY KEY (64-bit rowid aliases); times are TIMESTAMP text in UTC.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login TEXT NOT NULL,
    email TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    network_id BIGINT NOT NULL,
    mailbox_id BIGINT NOT NULL,
    auth_level TEXT NOT NULL,
    status TEXT NOT NULL,
    created TIMESTAMP NOT NULL,
    modified TIMESTAMP NOT NULL,
    last_login TIMESTAMP,
    password_hash TEXT,
    force_password_change BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    is_bot BOOLEAN NOT NULL DEFAULT FALSE,
    is_primary_owner BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT users_login_key UNIQUE (login)
);
CREATE INDEX users_email_lower_idx ON users (lower(email));
CREATE INDEX users_scope_idx ON users (network_id, mailbox_id);

CREATE TABLE sessions (
    id TEXT NOT NULL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    client_kind TEXT NOT NULL,
    created TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    ip TEXT,
    user_agent TEXT,
    secret_hash TEXT,
    CONSTRAINT sessions_secret_hash_key UNIQUE (secret_hash)
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created);
CREATE INDEX sessions_live_expires_idx ON sessions (expires_at) WHERE revoked_at IS NULL;

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    key_hash TEXT NOT NULL,
    created TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);

-- No foreign keys on the user columns: failed logins of unknown users and later
-- changes to users must never block or lose an audit row.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT,
    target_user_id BIGINT,
    action TEXT NOT NULL,
    front_end TEXT NOT NULL,
    outcome TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX audit_events_target_idx ON audit_events (target_user_id, id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_user_id, id);
CREATE INDEX audit_events_action_idx ON audit_events (action, id);

CREATE TABLE settings (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
