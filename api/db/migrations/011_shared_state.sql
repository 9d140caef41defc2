-- State that several API processes behind one proxy must share: the rate limits that have to hold for the
-- whole deployment (sign-ins, public reports, ratings), and which process runs each background loop.

-- One sliding window per (bucket, key): the times of the hits still inside it, oldest first, at most the
-- limit of them. `admitted` says whether the latest hit was let through. See api/sql/rate-limit-take.sql.
CREATE TABLE rate_limits (
  bucket   text NOT NULL,
  key      text NOT NULL,
  hits     timestamptz[] NOT NULL,
  admitted boolean NOT NULL,
  PRIMARY KEY (bucket, key)
);

-- A background loop (the escalation and sensing sweeps, the simulators) runs in the one process holding its
-- lease; the holder renews it at every tick, and another process takes over once it has lapsed.
CREATE TABLE loop_leases (
  name   text PRIMARY KEY,
  holder text NOT NULL,
  until  timestamptz NOT NULL
);
