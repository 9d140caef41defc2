-- One intake in one statement (atomic, one round trip): the grid holding the point (within a scope prefix),
-- the type and its limits, the case (registered at once when an operator takes it in, else waiting to be
-- accepted) with the deadline of its first stage, its events, the reporter and photo of a public report,
-- the idempotency key, and the change for the live feeds. Returns no row when the point is in no grid (of
-- the scope), the type is unknown, or the idempotency key was used already; the caller tells which.
-- $1 type, $2 source, $3 priority, $4 description, $5 lng, $6 lat, $7 registering account id or null,
-- $8 its username, $9 its role, $10 tracking number or null, $11 reporter name, $12 reporter phone,
-- $13 idempotency key or null, $14 photo content type, $15 photo bytes, $16 media URL, $17 scope prefix,
-- $18 SHA-256 of the reporter's token or null
WITH pt AS (SELECT ST_SetSRID(ST_Point($5, $6), 4326) AS p),
g AS (
  SELECT a.code FROM areas a, pt
  WHERE a.level = 'grid' AND a.geom && pt.p AND ST_Intersects(a.geom, pt.p) AND a.code LIKE $17 || '%'
  ORDER BY a.code LIMIT 1
),
t AS (
  SELECT it.code, s.accept_minutes, s.dispatch_minutes, s.handle_minutes, s.handle_calendar, s.verify_minutes
  FROM incident_types it LEFT JOIN case_slas s ON s.type_code = it.code WHERE it.code = $1
),
n AS (SELECT nextval('incidents_id_seq')::int AS id FROM g, t),
k AS (
  INSERT INTO intake_keys (key, incident_id, tracking_no)
  SELECT $13, n.id, $10 FROM n WHERE $13::text IS NOT NULL
  ON CONFLICT (key) DO NOTHING
  RETURNING incident_id
),
go AS (SELECT n.id FROM n WHERE $13::text IS NULL OR EXISTS (SELECT 1 FROM k)),
i AS (
  INSERT INTO incidents (id, case_no, type_code, source, status, priority, description, grid_code, reported_at, level,
                         stage_started_at, stage_due_at, photo_count, geom, geom3857)
  SELECT go.id, 'FZ' || to_char((now() AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD') || lpad(go.id::text, 7, '0'),
         $1, $2, CASE WHEN $7::int IS NULL THEN 'reported' ELSE 'registered' END, $3, $4, g.code, now(), 'community', now(),
         now() + make_interval(mins => CASE WHEN $7::int IS NULL THEN t.accept_minutes ELSE t.dispatch_minutes END),
         CASE WHEN $15::bytea IS NOT NULL OR $16::text IS NOT NULL THEN 1 ELSE 0 END,
         pt.p, ST_Transform(pt.p, 3857)
  FROM go, g, t, pt
  RETURNING id, case_no, status, version, grid_code, department_code, type_code, level, priority, reported_at, stage_started_at, stage_due_at
),
e AS (
  -- Intake, then acceptance when an operator took it in: one insert, in that order.
  INSERT INTO incident_events (incident_id, account_id, actor, role, action, from_status, to_status, note, detail)
  SELECT x.id, x.account_id, x.actor, x.role, x.action, x.from_status, x.to_status, NULL, '{}'
  FROM (
    SELECT 1 AS ord, id, NULL::int AS account_id, $2::text AS actor, NULL::text AS role, 'intake' AS action, NULL::text AS from_status, 'reported' AS to_status FROM i
    UNION ALL
    SELECT 2, id, $7, $8, $9, 'accept', 'reported', 'registered' FROM i WHERE $7::int IS NOT NULL
  ) x
  ORDER BY x.ord
),
r AS (
  INSERT INTO incident_reporters (tracking_no, incident_id, channel, name, phone, description, token_hash)
  SELECT $10, id, $2, $11, $12, $4, $18 FROM i WHERE $10::text IS NOT NULL
  RETURNING tracking_no
),
ph AS (
  INSERT INTO incident_photos (incident_id, tracking_no, content_type, bytes, url)
  SELECT i.id, (SELECT tracking_no FROM r), coalesce($14, 'image/jpeg'), $15, $16 FROM i
  WHERE $15::bytea IS NOT NULL OR $16::text IS NOT NULL
),
c AS (
  INSERT INTO incident_changes (incident_id, grid_code, department_code, action, status, case_no, type_code, level, priority, lng, lat)
  SELECT id, grid_code, department_code, 'intake', status, case_no, type_code, level, priority, $5, $6 FROM i
)
SELECT i.id, i.case_no, i.status, i.version, i.grid_code, i.reported_at, i.stage_started_at, i.stage_due_at,
       NULL::timestamptz AS dispatched_at, t.accept_minutes, t.dispatch_minutes, t.handle_minutes, t.handle_calendar, t.verify_minutes
FROM i, t
