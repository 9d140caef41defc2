-- The devices a telemetry batch names, locked until its transaction ends (so concurrent batches for one device
-- apply their last values, rate rules and alarm de-duplication one after the other), in id order (no deadlock).
-- $1 device codes
SELECT d.id, d.code, d.name, d.kind, d.status, d.grid_code, d.last_values, d.parking_id, p.capacity,
       ST_X(d.geom) AS lng, ST_Y(d.geom) AS lat
FROM devices d LEFT JOIN parking p ON p.id = d.parking_id
WHERE d.code = ANY($1::text[])
ORDER BY d.id
FOR UPDATE OF d
