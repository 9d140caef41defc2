-- The devices whose next report is due, oldest first: the simulator's heartbeats. One device in fifty stays
-- silent (the same ones the seeded history left silent), so the offline sweep has something to find.
-- $1 how many
SELECT d.id, d.code, d.kind, d.last_values, p.capacity
FROM devices d LEFT JOIN parking p ON p.id = d.parking_id
WHERE coalesce(d.last_seen_at, d.installed_at) < now() - make_interval(secs => d.heartbeat_s * 0.9)
  AND ('x' || substr(md5(d.id || 'silent'), 1, 8))::bit(32)::bigint / 4294967296.0 >= 0.02
ORDER BY coalesce(d.last_seen_at, d.installed_at)
LIMIT $1
