-- A device's readings in the window (from, to] per metric, in buckets of $4 seconds: mean, min, max, sum and
-- count per bucket. Reads only the day partitions the window touches, by the (device, metric, at) index.
-- $1 device id, $2 from (exclusive), $3 to (inclusive), $4 bucket seconds
SELECT metric,
       date_bin(make_interval(secs => $4), at, timestamptz '2000-01-01 00:00:00+00') AS bucket,
       avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max, sum(value)::float8 AS sum,
       count(*)::int AS n
FROM readings
WHERE device_id = $1 AND at > $2::timestamptz AND at <= $3::timestamptz
GROUP BY metric, bucket
ORDER BY metric, bucket
