-- One hit of `key` against a sliding window shared by every API process. One statement, so parallel hits of
-- one key queue on its row's lock and are counted one after another. A hit beyond the limit is refused and not
-- kept; hits that have left the window are dropped. $1 bucket, $2 key, $3 the limit, $4 the window (seconds).
-- Returns whether the hit was admitted and, when not, the seconds until the oldest hit leaves the window.
INSERT INTO rate_limits AS r (bucket, key, hits, admitted)
VALUES ($1, $2, ARRAY[now()], true)
ON CONFLICT (bucket, key) DO UPDATE SET
  admitted = (SELECT count(*) FROM unnest(r.hits) t WHERE t > now() - $4::int * interval '1 second') < $3::int,
  hits = ARRAY(SELECT t FROM unnest(r.hits) t WHERE t > now() - $4::int * interval '1 second' ORDER BY t)
         || CASE WHEN (SELECT count(*) FROM unnest(r.hits) t WHERE t > now() - $4::int * interval '1 second') < $3::int
                 THEN ARRAY[now()] ELSE '{}'::timestamptz[] END
RETURNING admitted, greatest(1, ceil(extract(epoch FROM hits[1] + $4::int * interval '1 second' - now())))::int AS wait_s
