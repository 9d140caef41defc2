-- Cameras that sent events: when they were last heard from.
-- $1 camera ids, $2 the time of each one's latest event
UPDATE cameras c SET last_seen_at = greatest(c.last_seen_at, s.at)
FROM unnest($1::int[], $2::timestamptz[]) AS s(id, at)
WHERE c.id = s.id
