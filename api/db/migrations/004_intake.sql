-- Intake of new cases: ids from a sequence (the seed assigns its own and moves the sequence past them),
-- and idempotency keys, so a retried submission returns the case it already made instead of a second one.
CREATE SEQUENCE incidents_id_seq OWNED BY incidents.id;
SELECT setval('incidents_id_seq', coalesce((SELECT max(id) FROM incidents), 0) + 1, false);
ALTER TABLE incidents ALTER COLUMN id SET DEFAULT nextval('incidents_id_seq');

CREATE TABLE intake_keys (
  key         text PRIMARY KEY CHECK (length(key) BETWEEN 8 AND 100),
  incident_id integer NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
