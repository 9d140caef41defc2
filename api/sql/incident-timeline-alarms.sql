-- Time playback: the alarms of an area live at some time of a window (raised by its end, not closed before its
-- start), oldest first. A department handler's: only those whose case is its department's (as alarm-list).
-- $1 area code prefix, $2 from, $3 to, $4 a department handler's department or null, $5 at most this many
SELECT a.id, a.severity, a.rule, ST_X(a.geom) AS lng, ST_Y(a.geom) AS lat, a.first_at, a.closed_at
FROM alarms a
LEFT JOIN incidents i ON i.id = a.incident_id
WHERE a.grid_code LIKE $1 || '%' AND a.first_at <= $3 AND (a.closed_at IS NULL OR a.closed_at >= $2)
  AND ($4::text IS NULL OR i.department_code = $4)
ORDER BY a.first_at, a.id
LIMIT $5
