-- $1 z, $2 x, $3 y. area_code and department_code: what the tile service filters by the caller's scope and
-- (department handlers) department.
SELECT i.id, i.case_no, i.type_code, t.major, i.source, i.status, i.priority::int AS priority,
       extract(epoch FROM i.reported_at)::int AS reported_at,
       (i.stage_due_at < now() AND i.status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying'))::int AS overdue,
       i.grid_code AS area_code, i.department_code, i.geom3857 AS geom
FROM incidents i
-- LEFT: the join is dropped when only counts are asked (aggregates at low zoom); every case has its type.
LEFT JOIN incident_types t ON t.code = i.type_code
WHERE i.geom3857 && ST_TileEnvelope($1, $2, $3, margin => 0.015625)
