ALTER TABLE sessions DROP COLUMN epoch;
ALTER TABLE users DROP COLUMN epoch_api;
ALTER TABLE users DROP COLUMN epoch_desktop;
ALTER TABLE users DROP COLUMN epoch_mobile;
ALTER TABLE users DROP COLUMN epoch_web;
