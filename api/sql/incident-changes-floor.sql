-- The oldest point incident.live replays from: the id before the first change of the retention window (by
-- id, so no change within the window is left out), or the newest id when no change is that recent.
-- $1 the window in hours
SELECT coalesce(
  (SELECT min(id) - 1 FROM incident_changes WHERE id IS NOT NULL AND at >= now() - make_interval(secs => $1::float8 * 3600)),
  (SELECT max(id) FROM incident_changes),
  0
)::bigint AS floor
