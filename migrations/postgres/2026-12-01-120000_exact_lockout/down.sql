DROP TABLE login_failures;
DROP INDEX users_login_skeleton;
ALTER TABLE users DROP COLUMN login_skeleton;
ALTER TABLE users DROP COLUMN in_flight_since;
ALTER TABLE users DROP COLUMN logins_in_flight;
