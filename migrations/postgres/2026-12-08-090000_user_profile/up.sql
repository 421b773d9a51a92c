-- Optional profile fields (SPEC §3.1: middle name, title, company, address, phone, cell phone
-- and carrier, time-zone offset, time zone, locale) as one JSON object written and read only by
-- the store, and the ECGridOS recovery question with its answer hashed like a password.
-- The users table is now at diesel's 32-column limit: a further column needs the
-- `64-column-tables` feature or a table of its own.
ALTER TABLE users ADD COLUMN profile TEXT;
ALTER TABLE users ADD COLUMN recovery_question TEXT;
ALTER TABLE users ADD COLUMN recovery_answer_hash TEXT;
