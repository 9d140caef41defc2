-- Devices that reported: last seen, latest values, back online; parking lots take their sensors' occupancy.
-- Returns the devices that were offline until now.
-- $1 [{id, seen, vals, occupied}]
WITH r AS (
  SELECT * FROM json_to_recordset($1::json) AS r(id int, seen timestamptz, vals jsonb, occupied int)
),
was AS (SELECT d.id, d.status FROM devices d JOIN r ON r.id = d.id),
upd AS (
  UPDATE devices d SET last_seen_at = greatest(d.last_seen_at, r.seen), last_values = r.vals, status = 'online'
  FROM r WHERE d.id = r.id
  RETURNING d.id, d.parking_id, r.occupied
),
lots AS (
  UPDATE parking p SET occupied = least(p.capacity, upd.occupied)
  FROM upd WHERE p.id = upd.parking_id AND upd.occupied IS NOT NULL
)
SELECT was.id FROM was WHERE was.status = 'offline'
