-- A case with its type, limits, responsible unit and when its handling clock last started (dispatch, or
-- back to handling after a failed verification or a reopening).
-- $1 incident id
SELECT i.id, i.case_no, i.type_code, t.name AS type_name, t.name_en AS type_name_en, t.major, t.category,
       i.source, i.status, i.priority, i.description, i.grid_code, i.reported_at, i.closed_at, i.level,
       i.call_up_pending, i.department_code, d.name AS department_name, i.stage_started_at, i.version, i.rating, i.merged_into,
       ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat,
       s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes, s.closure_condition,
       case_handling_started(i.id) AS dispatched_at
FROM incidents i
JOIN incident_types t ON t.code = i.type_code
LEFT JOIN case_slas s ON s.type_code = i.type_code
LEFT JOIN departments d ON d.code = i.department_code
WHERE i.id = $1
