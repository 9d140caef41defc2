-- The residents who reported a case (several after a merge), first report first. Personal fields are masked
-- by the caller. $1 incident id
SELECT tracking_no, channel, name, phone, description, reported_at
FROM incident_reporters
WHERE incident_id = $1
ORDER BY reported_at
