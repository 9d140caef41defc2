-- Public reports for Open311 GeoReport v2 GET requests: one row per reporter (tracking number) with the case
-- it is handled in. $1 tracking numbers or null, $2 type codes or null, $3 reported from or null,
-- $4 reported before or null, $5 open/closed or null
SELECT r.tracking_no, r.description, r.reported_at, i.case_no, i.status, i.type_code, t.name AS type_name,
       d.name AS department_name, ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat, i.stage_started_at,
       (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id) AS updated_at,
       (SELECT b.address FROM buildings b WHERE ST_DWithin(b.geom, i.geom, 0.001) ORDER BY b.geom <-> i.geom LIMIT 1) AS address,
       (SELECT coalesce(p.url, CASE WHEN p.bytes IS NOT NULL THEN 'photo' END) FROM incident_photos p WHERE p.tracking_no = r.tracking_no ORDER BY p.id LIMIT 1) AS media,
       s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes,
       (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id AND (e.to_status = 'dispatched' OR e.action IN ('verify_fail', 'reopen'))) AS dispatched_at
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
