-- A public report by tracking number: the reporter's own words and the case it is handled in (a merged report
-- follows its case). $1 tracking number
SELECT i.id, i.case_no, i.type_code, t.name AS type_name, t.name_en AS type_name_en, i.status, i.rating, i.photo_count,
       i.reported_at, i.stage_started_at, r.description AS reporter_description, r.reported_at AS reporter_at,
       ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat,
       (SELECT b.address FROM buildings b WHERE ST_DWithin(b.geom, i.geom, 0.001) ORDER BY b.geom <-> i.geom LIMIT 1) AS address,
       s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes,
       (SELECT max(e.at) FROM incident_events e WHERE e.incident_id = i.id AND (e.to_status = 'dispatched' OR e.action IN ('verify_fail', 'reopen'))) AS dispatched_at
FROM incident_reporters r
JOIN incidents i ON i.id = r.incident_id
JOIN incident_types t ON t.code = i.type_code
LEFT JOIN case_slas s ON s.type_code = i.type_code
WHERE r.tracking_no = $1
