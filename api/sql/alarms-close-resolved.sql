-- Alarms whose case is finished (closed, rejected, merged) close with it; offline alarms close when their
-- device reports again. Returns how many closed.
-- $1 devices back online (ids)
WITH by_case AS (
  UPDATE alarms a SET status = 'closed', closed_at = now()
  FROM incidents i
  WHERE a.incident_id = i.id AND a.status <> 'closed' AND i.status IN ('closed', 'rejected', 'merged')
  RETURNING a.id
),
back AS (
  UPDATE alarms SET status = 'closed', closed_at = now()
  WHERE rule = 'offline' AND status <> 'closed' AND device_id = ANY($1::int[])
  RETURNING id
)
SELECT (SELECT count(*) FROM by_case)::int + (SELECT count(*) FROM back)::int AS closed
