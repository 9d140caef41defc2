-- A device for its card: kind, status, last values, where it is (building, parking lot, grid).
-- $1 device id
SELECT d.id, d.code, d.name, d.kind, d.status, d.grid_code, d.heartbeat_s, d.installed_at, d.last_seen_at, d.last_values,
       d.building_id, b.address AS building_address, b.built_year AS building_built_year,
       d.parking_id, p.name AS parking_name, p.capacity AS parking_capacity, p.occupied AS parking_occupied,
       ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat
FROM devices d
LEFT JOIN buildings b ON b.id = d.building_id
LEFT JOIN parking p ON p.id = d.parking_id
WHERE d.id = $1
