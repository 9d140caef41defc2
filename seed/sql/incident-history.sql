-- The workflow history of the seeded cases: for each incident the steps up to its status (intake by its
-- channel, 受理 accept, 批转 dispatch, take, 办理反馈 report, 核查 verify_pass), timed between its report and
-- its closing (or minutes apart while open); the responsible department of 鼓楼区 by the type's limits; and
-- when the current stage began. Deterministic: everything follows from the incidents.
WITH steps (rank, action, from_status, to_status, frac) AS (
  VALUES (0, 'intake', NULL::text, 'reported', 0.0::float8), (1, 'accept', 'reported', 'registered', 0.05), (2, 'dispatch', 'registered', 'dispatched', 0.12),
         (3, 'take', 'dispatched', 'handling', 0.2), (4, 'report', 'handling', 'verifying', 0.85), (5, 'verify_pass', 'verifying', 'closed', 1.0)
), ranked AS (
  SELECT i.id, i.source, i.reported_at, i.closed_at,
         CASE i.status WHEN 'reported' THEN 0 WHEN 'registered' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'handling' THEN 3
                       WHEN 'verifying' THEN 4 ELSE 5 END AS rank
  FROM incidents i
)
INSERT INTO incident_events (incident_id, at, actor, role, action, from_status, to_status, note)
SELECT r.id,
       CASE WHEN r.closed_at IS NOT NULL THEN r.reported_at + (r.closed_at - r.reported_at) * s.frac
            ELSE r.reported_at + interval '12 minutes' * s.rank END,
       CASE s.action WHEN 'intake' THEN r.source WHEN 'take' THEN 'department' WHEN 'report' THEN 'department' ELSE 'operator' END,
       CASE s.action WHEN 'intake' THEN NULL WHEN 'take' THEN 'department_handler' WHEN 'report' THEN 'department_handler' ELSE 'street_operator' END,
       s.action, s.from_status, s.to_status,
       CASE s.action WHEN 'report' THEN '已按要求处置，附现场照片' WHEN 'verify_pass' THEN '现场核查已整改' ELSE NULL END
FROM ranked r JOIN steps s ON s.rank <= r.rank
ORDER BY r.id, s.rank;

UPDATE incidents i SET
  stage_started_at = e.last_at,
  department_code = CASE WHEN i.status IN ('dispatched', 'handling', 'verifying', 'closed') AND i.grid_code LIKE '350102%'
                         THEN (SELECT d.code FROM departments d JOIN case_slas c ON c.department_kind = d.kind
                               WHERE c.type_code = i.type_code AND d.district_code = '350102') END
FROM (SELECT incident_id, max(at) AS last_at FROM incident_events GROUP BY incident_id) e
WHERE e.incident_id = i.id;
