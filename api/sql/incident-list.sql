-- Cases in an area (scope already checked), newest first, with what the deadline needs.
-- $1 area code prefix, $2 statuses or null, $3 type code or null, $4 source or null, $5 reported from or null,
-- $6 reported before or null, $7 department (for department handlers) or null, $8 limit, $9 offset,
-- $10 only cases past their stage deadline, $11 a count of the leaders' figures whose cases to list (a measure of
-- case_facts, see tiles/domain/metrics.ts CASE_MEASURES) or null, $12/$13 its period (dates), $14 its department or null
SELECT i.id, i.case_no, i.type_code, t.name AS type_name, t.name_en AS type_name_en, t.major, i.source, i.status,
       i.priority, i.grid_code, i.reported_at, i.level, i.call_up_pending, i.department_code, i.stage_started_at,
       ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat,
       s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes,
       case_handling_started(i.id) AS dispatched_at,
       count(*) OVER ()::int AS total
FROM incidents i
JOIN incident_types t ON t.code = i.type_code
LEFT JOIN case_slas s ON s.type_code = i.type_code
WHERE i.grid_code LIKE $1 || '%'
  AND ($2::text[] IS NULL OR i.status = ANY ($2))
  AND ($3::text IS NULL OR i.type_code = $3)
  AND ($4::text IS NULL OR i.source = $4)
  AND ($5::timestamptz IS NULL OR i.reported_at >= $5)
  AND ($6::timestamptz IS NULL OR i.reported_at < $6)
  AND ($7::text IS NULL OR i.department_code = $7)
  AND (NOT $10::boolean OR i.stage_due_at < now())
  AND ($11::text IS NULL OR i.id IN (
    SELECT f.incident_id FROM case_facts f
    WHERE f.grid_code LIKE $1 || '%' AND f.day BETWEEN $12::date AND $13::date AND ($14::text IS NULL OR f.department_code = $14)
      AND CASE $11::text WHEN 'reported' THEN f.reported WHEN 'registered' THEN f.registered WHEN 'dispatched' THEN f.dispatched
                         WHEN 'closed' THEN f.closed WHEN 'closedOnTime' THEN f.closed_on_time
                         WHEN 'overdue' THEN f.closed - f.closed_on_time WHEN 'reworked' THEN f.reworked END > 0))
ORDER BY i.reported_at DESC, i.id DESC
LIMIT $8 OFFSET $9
