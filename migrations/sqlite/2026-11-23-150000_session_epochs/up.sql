-- Session generations (SPEC §3.5, §8): a reset bumps the user's generation for the client
-- kinds it covers, and a session is live only while it carries its kind's current one, so a
-- reset writes one row however many sessions the user has.
ALTER TABLE users ADD COLUMN epoch_web BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN epoch_mobile BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN epoch_desktop BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN epoch_api BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
