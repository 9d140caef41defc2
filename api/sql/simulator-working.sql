-- Cases the simulator may move: live ones of the district handled since the live system ran (they have a
-- stored deadline), and recently closed ones still waiting for a rating. $1 district code
SELECT id, status, level, call_up_pending, department_code, rating, version,
       extract(epoch FROM now() - stage_started_at) / 60 AS waited
FROM incidents
WHERE grid_code LIKE $1 || '%'
  AND ((stage_due_at IS NOT NULL AND stage_started_at > now() - interval '2 days')
       OR (status = 'closed' AND rating IS NULL AND closed_at > now() - interval '1 hour' AND stage_due_at IS NULL AND stage_started_at > now() - interval '1 day'))
ORDER BY random()
LIMIT 200
