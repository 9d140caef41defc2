-- The case a public report is handled in, locked for the reporter's rating, with the hash of the reporter's
-- token that the rating must match. $1 tracking number
SELECT i.id, i.case_no, i.status, i.rating, r.token_hash
FROM incident_reporters r
JOIN incidents i ON i.id = r.incident_id
WHERE r.tracking_no = $1
FOR UPDATE OF i
