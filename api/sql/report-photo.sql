-- A public report with the photo its reporter sent (bytes null when none), and the hash of the reporter's
-- token that asking for it must match. $1 tracking number
SELECT r.token_hash, p.content_type, p.bytes
FROM incident_reporters r
LEFT JOIN LATERAL (
  SELECT content_type, bytes FROM incident_photos WHERE tracking_no = r.tracking_no AND bytes IS NOT NULL ORDER BY id LIMIT 1
) p ON true
WHERE r.tracking_no = $1
