-- The workflow history of the seeded cases: for each incident the steps up to its status (intake by its
-- channel, 受理 accept, 批转 dispatch, take, 办理反馈 report, 核查 verify_pass); about 7 % of the closed cases failed a first verification and were
-- handled again (返工); the responsible department of 鼓楼区 by the type's limits; when the current stage
-- began; and call-back ratings (回访评价) of about 40 % of the closed cases a few hours after closing.
-- Deterministic: everything follows from the incidents (hashint4 of the id draws the rework and the ratings).
-- Closed cases follow their type's limits (case_slas): about 88 % are handled within the handling limit, the
-- rest late; each step is placed at an offset from the report (accept, dispatch, take, report, verify), scaled
-- down when the generator closed the case sooner. Open cases have their steps 12 minutes apart.
WITH base AS (
  SELECT i.id, i.source, i.status, i.reported_at, i.closed_at,
         CASE i.status WHEN 'reported' THEN 0 WHEN 'registered' THEN 1 WHEN 'dispatched' THEN 2 WHEN 'handling' THEN 3
                       WHEN 'verifying' THEN 4 ELSE 5 END AS rank,
         i.status = 'closed' AND abs(hashint4(i.id)) % 100 < 7 AS rework,
         abs(hashint4(i.id + 31)) % 1000 / 1000.0 AS u,
         abs(hashint4(i.id + 97)) % 100 < 88 AS in_time,
         coalesce(CASE WHEN s.handle_calendar = 'natural' THEN s.handle_minutes
                       ELSE s.handle_minutes / 390.0 * 1440 END, 1440) AS handle_natural_minutes,
         3 + abs(hashint4(i.id + 5)) % 10 AS lead_accept, 5 + abs(hashint4(i.id + 11)) % 10 AS lead_dispatch,
         5 + abs(hashint4(i.id + 13)) % 20 AS verify_after
  FROM incidents i LEFT JOIN case_slas s ON s.type_code = i.type_code
), planned AS (
  SELECT b.*,
         b.handle_natural_minutes * CASE WHEN b.in_time THEN 0.3 + 0.6 * b.u ELSE 1.5 + 2.5 * b.u END AS handle_for
  FROM base b
), timed AS (
  SELECT p.*,
         p.lead_accept + p.lead_dispatch + p.handle_for + p.verify_after AS total_minutes,
         CASE WHEN p.closed_at IS NULL THEN 1
              ELSE least(1, extract(epoch FROM p.closed_at - p.reported_at) / 60 / (p.lead_accept + p.lead_dispatch + p.handle_for + p.verify_after)) END AS ratio
  FROM planned p
), steps (rank, seq, action, from_status, to_status, rework) AS (
  VALUES (0, 0, 'intake', NULL::text, 'reported', NULL::boolean), (1, 1, 'accept', 'reported', 'registered', NULL),
         (2, 2, 'dispatch', 'registered', 'dispatched', NULL), (3, 3, 'take', 'dispatched', 'handling', NULL),
         (4, 4, 'report', 'handling', 'verifying', false), (4, 4, 'report', 'handling', 'verifying', true),
         (5, 5, 'verify_fail', 'verifying', 'handling', true), (5, 6, 'report', 'handling', 'verifying', true),
         (5, 7, 'verify_pass', 'verifying', 'closed', NULL)
)
INSERT INTO incident_events (incident_id, at, actor, role, action, from_status, to_status, note)
SELECT t.id,
       CASE WHEN t.status <> 'closed' THEN t.reported_at + interval '12 minutes' * s.rank
            ELSE t.reported_at + interval '1 minute' * t.ratio * CASE s.seq
              WHEN 0 THEN 0
              WHEN 1 THEN t.lead_accept
              WHEN 2 THEN t.lead_accept + t.lead_dispatch
              WHEN 3 THEN t.lead_accept + t.lead_dispatch + 0.1 * t.handle_for
              WHEN 4 THEN t.lead_accept + t.lead_dispatch + CASE WHEN t.rework THEN 0.5 ELSE 1 END * t.handle_for
              WHEN 5 THEN t.lead_accept + t.lead_dispatch + 0.5 * t.handle_for + t.verify_after
              WHEN 6 THEN t.lead_accept + t.lead_dispatch + t.handle_for
              ELSE t.total_minutes END END,
       CASE s.action WHEN 'intake' THEN t.source WHEN 'take' THEN 'department' WHEN 'report' THEN 'department' ELSE 'operator' END,
       CASE s.action WHEN 'intake' THEN NULL WHEN 'take' THEN 'department_handler' WHEN 'report' THEN 'department_handler' ELSE 'street_operator' END,
       s.action, s.from_status, s.to_status,
       CASE s.action WHEN 'report' THEN '已按要求处置，附现场照片' WHEN 'verify_pass' THEN '现场核查已整改'
                     WHEN 'verify_fail' THEN '现场核查未整改到位，退回重办' ELSE NULL END
FROM timed t JOIN steps s ON s.rank <= t.rank AND (s.rework IS NULL OR s.rework = t.rework)
ORDER BY t.id, s.seq;

-- A closed case closed when its verification passed.
UPDATE incidents i SET closed_at = e.at
FROM incident_events e WHERE e.incident_id = i.id AND e.action = 'verify_pass';

-- Call-back ratings: mostly satisfied, a few not (a call-back rating does not reopen the case).
WITH rated AS (
  SELECT i.id, i.closed_at, abs(hashint4(i.id + 104729)) % 1000 AS h
  FROM incidents i WHERE i.status = 'closed' AND abs(hashint4(i.id + 7919)) % 100 < 40
), scored AS (
  SELECT id, closed_at + interval '1 hour' * (1 + h % 23) AS at,
         CASE WHEN h < 560 THEN 5 WHEN h < 820 THEN 4 WHEN h < 920 THEN 3 WHEN h < 970 THEN 2 ELSE 1 END AS rating
  FROM rated
), ev AS (
  INSERT INTO incident_events (incident_id, at, actor, role, action, from_status, to_status, note, detail)
  SELECT id, at, 'operator', 'street_operator', 'rate', 'closed', 'closed', '电话回访', jsonb_build_object('rating', rating)
  FROM scored ORDER BY id
)
UPDATE incidents i SET rating = s.rating FROM scored s WHERE s.id = i.id;

UPDATE incidents i SET
  stage_started_at = e.last_at,
  department_code = CASE WHEN i.status IN ('dispatched', 'handling', 'verifying', 'closed') AND i.grid_code LIKE '350102%'
                         THEN (SELECT d.code FROM departments d JOIN case_slas c ON c.department_kind = d.kind
                               WHERE c.type_code = i.type_code AND d.district_code = '350102') END
FROM (SELECT incident_id, max(at) AS last_at FROM incident_events GROUP BY incident_id) e
WHERE e.incident_id = i.id;
