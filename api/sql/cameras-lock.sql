-- The cameras a video-event batch names, locked until its transaction ends, in id order (no deadlock).
-- $1 camera codes
SELECT id, code, name, ST_X(geom) AS lng, ST_Y(geom) AS lat
FROM cameras
WHERE code = ANY($1::text[])
ORDER BY id
FOR UPDATE
