-- Time playback: the events of an area's cases in a window, in time order (then id), with each case's type and
-- position. No actor, note or detail: counts and places only. $1 area code prefix, $2 from, $3 to (both
-- inclusive), $4 a department handler's department or null, $5 at most this many
SELECT e.id, e.at, e.incident_id AS case_id, i.case_no, e.action, e.from_status, e.to_status AS status, i.type_code,
       ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat
FROM incident_events e
JOIN incidents i ON i.id = e.incident_id
WHERE e.at >= $2 AND e.at <= $3 AND i.grid_code LIKE $1 || '%' AND ($4::text IS NULL OR i.department_code = $4)
ORDER BY e.at, e.id
LIMIT $5
