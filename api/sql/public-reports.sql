-- Public reports (one row per reporter, i.e. per tracking number) with the case they are handled in — a merged
-- report follows its case — for the tracking page and Open311 GeoReport v2 (which shows no photo and no token
-- hash: token_hash only tells the tracking page whether its caller is the reporter). $1 tracking numbers or null,
-- $2 type codes or null, $3 reported from or null, $4 reported before or null, $5 'open'/'closed' or null
SELECT r.tracking_no, r.description AS reporter_description, r.reported_at AS reporter_at, r.token_hash,
       i.id, i.case_no, i.status, i.type_code, t.name AS type_name, t.name_en AS type_name_en, i.rating, i.photo_count,
       i.reported_at, i.stage_started_at, d.name AS department_name, ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat,
       (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id) AS updated_at,
       (SELECT b.address FROM buildings b WHERE ST_DWithin(b.geom, i.geom, 0.001) ORDER BY b.geom <-> i.geom LIMIT 1) AS address,
       EXISTS (SELECT 1 FROM incident_photos p WHERE p.tracking_no = r.tracking_no AND p.bytes IS NOT NULL) AS own_photo,
       s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes,
       case_handling_started(i.id) AS dispatched_at
FROM incident_reporters r
JOIN incidents i ON i.id = r.incident_id
JOIN incident_types t ON t.code = i.type_code
LEFT JOIN departments d ON d.code = i.department_code
LEFT JOIN case_slas s ON s.type_code = i.type_code
WHERE ($1::text[] IS NULL OR r.tracking_no = ANY ($1))
  AND ($2::text[] IS NULL OR i.type_code = ANY ($2))
  AND ($3::timestamptz IS NULL OR r.reported_at >= $3)
  AND ($4::timestamptz IS NULL OR r.reported_at < $4)
  AND ($5::text[] IS NULL OR (CASE WHEN i.status IN ('closed', 'rejected') THEN 'closed' ELSE 'open' END) = ANY ($5))
ORDER BY r.reported_at DESC
LIMIT 1000
