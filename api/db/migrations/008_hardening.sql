-- Hardening (issue 14).

-- A public report's token: the secret of its receipt (the tracking link), required to rate the case and to see
-- the reporter's own photo, since tracking numbers are public (Open311 lists them). Only its SHA-256 is kept.
-- Reports made before have none: they can be followed, not rated by link.
ALTER TABLE incident_reporters ADD COLUMN token_hash bytea;

-- incident.live replays at most the retention it promises (api/cases/changes.ts): the first change within it
-- is found by time.
CREATE INDEX incident_changes_at_idx ON incident_changes (at) WHERE id IS NOT NULL;
