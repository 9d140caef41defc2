-- A case's photos (their bytes are served by /api/photos/:id) and media links. $1 incident id
SELECT id, content_type, url FROM incident_photos WHERE incident_id = $1 ORDER BY id
