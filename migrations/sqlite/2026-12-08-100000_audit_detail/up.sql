-- Audit detail (issue #19): the session an event happened in and a structured detail (JSON
-- text), and outcomes named as the REST errorCodes instead of the core's error names.
ALTER TABLE audit_events ADD COLUMN session_id TEXT;
ALTER TABLE audit_events ADD COLUMN detail TEXT;
CREATE INDEX audit_events_outcome_idx ON audit_events (outcome, id);
UPDATE audit_events SET outcome = CASE outcome
    WHEN 'WeakPassword' THEN 'InvalidParameter'
    WHEN 'BotHasNoSessions' THEN 'InvalidParameter'
    WHEN 'NotAnAdmin' THEN 'AccessDenied'
    WHEN 'MissingScope' THEN 'AccessDenied'
    WHEN 'PrimaryOwnerProtected' THEN 'AccessDenied'
    WHEN 'NotFound' THEN 'ObjectNotFound'
    WHEN 'SessionInvalid' THEN 'InvalidSession'
    WHEN 'ApiKeyInvalid' THEN 'InvalidAPIKey'
    WHEN 'RateLimited' THEN 'RateLimitExceeded'
    WHEN 'Internal' THEN 'InternalError'
    ELSE outcome END
WHERE outcome IN ('WeakPassword', 'BotHasNoSessions', 'NotAnAdmin', 'MissingScope',
    'PrimaryOwnerProtected', 'NotFound', 'SessionInvalid', 'ApiKeyInvalid', 'RateLimited', 'Internal');
