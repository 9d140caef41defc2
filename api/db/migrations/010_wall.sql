-- The command-centre wall (指挥大屏): wall displays, each a read-only account of the role `display` bound to one
-- screen and signed in by a token (never a password), and the index time playback reads the event log by.

-- A display is an account too (sessions, scope, the permission table), of a role of its own.
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
  CHECK (role IN ('leader', 'district_operator', 'street_operator', 'department_handler', 'grid_worker', 'planner', 'auditor',
                  'admin', 'display'));

-- One wall screen: its account (role display, scoped to area_code), its tour (scenes: [{ kind, dwellS }], see
-- tiles/domain/wall.ts), how its panels fit the screen and how long an alert holds it. The token in its URL
-- signs it in; only the token's SHA-256 is stored. Revoked: the account is disabled and its sessions ended.
CREATE TABLE displays (
  id           serial PRIMARY KEY,
  account_id   integer NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  area_code    text NOT NULL CHECK (area_code ~ '^[0-9]{4}([0-9]{2}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?)?$'),
  scenes       jsonb NOT NULL CHECK (jsonb_typeof(scenes) = 'array'),
  fit          text NOT NULL DEFAULT 'letterbox' CHECK (fit IN ('letterbox', 'stretch')),
  takeover_s   integer NOT NULL CHECK (takeover_s BETWEEN 10 AND 300),
  token_hash   bytea NOT NULL UNIQUE,
  created_by   integer REFERENCES accounts (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX displays_area_idx ON displays (area_code text_pattern_ops);

-- Time playback (incident.timeline) reads the events of a window.
CREATE INDEX incident_events_at_idx ON incident_events (at);
