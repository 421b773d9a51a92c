ALTER TABLE users DROP COLUMN recovery_answer_hash;
ALTER TABLE users DROP COLUMN recovery_question;
ALTER TABLE users DROP COLUMN profile;
