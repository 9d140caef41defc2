-- A parking lot with its occupancy sensor and the last day of occupancy, hourly.
-- $1 parking id
SELECT p.id, p.name, p.kind, p.capacity, p.occupied, p.grid_code, ST_X(p.geom) AS lng, ST_Y(p.geom) AS lat,
       d.id AS device_id, d.code AS device_code, d.status AS device_status, d.last_seen_at,
       (SELECT coalesce(json_agg(json_build_array(extract(epoch FROM h.bucket) * 1000, round(h.occupied::numeric, 1)) ORDER BY h.bucket), '[]')
        FROM (SELECT date_bin(interval '1 hour', r.at, timestamptz '2000-01-01 00:00:00+00') AS bucket, avg(r.value) AS occupied
              FROM readings r
              WHERE r.device_id = d.id AND r.metric = $2 AND r.at > now() - interval '24 hours'
              GROUP BY 1) h) AS history
FROM parking p
LEFT JOIN devices d ON d.parking_id = p.id
WHERE p.id = $1
