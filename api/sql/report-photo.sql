-- The photo sent with a public report. $1 tracking number
SELECT content_type, bytes FROM incident_photos WHERE tracking_no = $1 AND bytes IS NOT NULL ORDER BY id LIMIT 1
