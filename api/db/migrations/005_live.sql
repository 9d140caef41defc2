-- Live cases: the change stream (an outbox every API process reads), public reporters with tracking
-- numbers and photos, stored stage deadlines for automatic escalation, and where a merged case went.

-- Every change to a case. Writers insert rows without an id (no lock: commits stay concurrent); a sequencer
-- (any API process, one at a time) numbers the rows of finished transactions — those older than the oldest
-- transaction still running — in insertion order, after every id already given. A row therefore never gets
-- an id smaller than one a reader has seen: readers and subscribers resume from the last id without gaps.
-- Rows carry what scope filtering and live feeds need.
CREATE TABLE incident_changes (
  seq         bigserial PRIMARY KEY,
  id          bigint UNIQUE,
  xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
  incident_id integer NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  grid_code   text NOT NULL,
  department_code text,
  action      text NOT NULL,
  status      text NOT NULL,
  case_no     text NOT NULL,
  type_code   text NOT NULL,
  level       text NOT NULL,
  priority    smallint NOT NULL,
  lng         double precision NOT NULL,
  lat         double precision NOT NULL
);
CREATE INDEX incident_changes_unsequenced_idx ON incident_changes (seq) WHERE id IS NULL;
CREATE INDEX incident_changes_incident_idx ON incident_changes (incident_id);
CREATE INDEX incident_changes_grid_idx ON incident_changes (grid_code text_pattern_ops, id) WHERE id IS NOT NULL;

-- The deadline of the current stage, written with every transition (seeded history has none: cases that
-- were overdue before the escalation sweep existed are flagged, not escalated), and when the sweep last
-- raised the case.
ALTER TABLE incidents
  ADD COLUMN stage_due_at timestamptz,
  ADD COLUMN merged_into integer REFERENCES incidents (id),
  ADD COLUMN photo_count smallint NOT NULL DEFAULT 0;
CREATE INDEX incidents_stage_due_idx ON incidents (stage_due_at) WHERE stage_due_at IS NOT NULL AND status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying');

-- Residents (随手拍, Open311 apps) and callers who reported a case. Several reporters may end on one case
-- after a merge; each keeps their tracking number. Contact details are personal data: stored for call-backs,
-- never shown unmasked on public pages.
CREATE TABLE incident_reporters (
  tracking_no  text PRIMARY KEY,
  incident_id  integer NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  channel      text NOT NULL,
  name         text,
  phone        text,
  description  text NOT NULL,
  reported_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_reporters_incident_idx ON incident_reporters (incident_id);

CREATE TABLE incident_photos (
  id           bigserial PRIMARY KEY,
  incident_id  integer NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  tracking_no  text REFERENCES incident_reporters (tracking_no) ON DELETE CASCADE,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes        bytea CHECK (octet_length(bytes) <= 5 * 1024 * 1024),
  url          text,            -- an Open311 media_url, kept as a link
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (bytes IS NOT NULL OR url IS NOT NULL)
);
CREATE INDEX incident_photos_incident_idx ON incident_photos (incident_id);

-- Open311 GeoReport v2 apps are a reporting channel of their own.
ALTER TABLE incidents DROP CONSTRAINT incidents_source_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_source_check CHECK (source IN ('hotline_12345', 'snapshot', 'patrol', 'video', 'iot', 'open311'));

-- A public report's idempotency key answers with the reporter's tracking number.
ALTER TABLE intake_keys ADD COLUMN tracking_no text REFERENCES incident_reporters (tracking_no) ON DELETE CASCADE;

-- When a case's handling clock last started: its dispatch, or its return to handling after a failed
-- verification or a reopening. One definition for every query that computes a deadline.
CREATE FUNCTION case_handling_started(incident integer) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT max(e.at) FROM incident_events e
  WHERE e.incident_id = incident AND (e.to_status = 'dispatched' OR e.action IN ('verify_fail', 'reopen'))
$$;
