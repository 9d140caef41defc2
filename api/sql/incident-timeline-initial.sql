-- Time playback: the cases of an area live at the window's start — reported before it, whose last event at or
-- before it (by time, then id) left them in a live status — with that status and when they came to it.
-- Positions and types only. Only cases live now or changed since the start can have been live then (a case
-- without later events is still in the state it was in), so the rest of the history is never read.
-- $1 area code prefix, $2 the window's start, $3 a department handler's department or null, $4 the statuses that
-- end a case (tiles/domain/cases.ts FINAL_STATUSES; `status <> 'closed'` is spelled out for incidents_open_idx)
WITH candidates AS (
  SELECT c.id FROM incidents c WHERE c.grid_code LIKE $1 || '%' AND c.status <> 'closed' AND c.status <> ALL ($4::text[])
  UNION
  SELECT e.incident_id FROM incident_events e WHERE e.at > $2
)
SELECT c.id AS case_id, c.case_no, s.to_status AS status, c.type_code, ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat, s.at
FROM candidates k
JOIN incidents c ON c.id = k.id
CROSS JOIN LATERAL (
  SELECT e.to_status, e.at FROM incident_events e
  WHERE e.incident_id = c.id AND e.at <= $2
  ORDER BY e.at DESC, e.id DESC
  LIMIT 1
) s
WHERE c.grid_code LIKE $1 || '%' AND c.reported_at < $2 AND ($3::text IS NULL OR c.department_code = $3)
  AND s.to_status <> ALL ($4::text[])
ORDER BY c.id
