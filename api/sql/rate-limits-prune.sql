-- Windows whose newest hit is older than any window (an hour): nothing in them counts any more.
DELETE FROM rate_limits WHERE cardinality(hits) = 0 OR hits[cardinality(hits)] < now() - interval '1 hour'
