-- Exact lockout (SPEC §3.3): password checks are counted before they run, so the counters
-- know how many are in flight; unknown login names get counters of their own, so a lock
-- reveals nothing. Confusable login skeletons (Unicode TR39) are unique.
ALTER TABLE users ADD COLUMN logins_in_flight INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN in_flight_since TIMESTAMP;
ALTER TABLE users ADD COLUMN login_skeleton TEXT;
CREATE UNIQUE INDEX users_login_skeleton ON users (login_skeleton);
CREATE TABLE login_failures (
    name_hash TEXT PRIMARY KEY NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    logins_in_flight INTEGER NOT NULL DEFAULT 0,
    in_flight_since TIMESTAMP
);
