-- Sensing the city (物联感知): IoT devices with heartbeats, an append-only telemetry store partitioned by day,
-- alarms raised by rules (and by cameras' video analytics) that open cases, live parking occupancy.

-- Devices: smoke/heat detectors and building-safety monitors on buildings, manhole covers, garbage kiosks,
-- environment sensors, smart gates, lamp posts, and one occupancy sensor per parking lot.
-- last_values holds each metric's latest reading ({"smoke": {"v": 0.4, "at": "…"}}) for cards and rate rules.
CREATE TABLE devices (
  id           integer PRIMARY KEY,
  code         text NOT NULL UNIQUE,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('smoke', 'fire', 'manhole', 'garbage', 'environment', 'building_safety', 'gate', 'lamp', 'parking')),
  grid_code    text NOT NULL REFERENCES areas (code),
  building_id  integer REFERENCES buildings (id) ON DELETE SET NULL,
  parking_id   integer REFERENCES parking (id) ON DELETE CASCADE,
  status       text NOT NULL DEFAULT 'online' CHECK (status IN ('online', 'offline')),
  heartbeat_s  integer NOT NULL CHECK (heartbeat_s > 0),
  installed_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  last_values  jsonb NOT NULL DEFAULT '{}',
  geom         geometry(Point, 4326) NOT NULL,
  geom3857     geometry(Point, 3857) NOT NULL
);
CREATE INDEX devices_grid_idx ON devices (grid_code text_pattern_ops);
CREATE INDEX devices_geom_idx ON devices USING gist (geom);
CREATE INDEX devices_geom3857_idx ON devices USING gist (geom3857);
CREATE INDEX devices_online_seen_idx ON devices (last_seen_at) WHERE status = 'online';
CREATE INDEX devices_building_idx ON devices (building_id) WHERE building_id IS NOT NULL;
CREATE UNIQUE INDEX devices_parking_idx ON devices (parking_id) WHERE parking_id IS NOT NULL;

-- Telemetry: one row per device, metric and time. Append-only, written in batches, read by device and time
-- window. Partitioned by UTC day, so retention drops whole days and a day's index stays small; the unique
-- btree (device_id, metric, at) serves "this device, last 24 h / 7 d" from one or a few partitions and makes a
-- re-sent batch harmless (ON CONFLICT DO NOTHING). No foreign key: ingest checks devices itself, once per
-- batch, instead of once per row.
CREATE TABLE readings (
  device_id integer NOT NULL,
  metric    smallint NOT NULL,
  at        timestamptz NOT NULL,
  value     real NOT NULL
) PARTITION BY RANGE (at);
CREATE UNIQUE INDEX readings_device_metric_at_key ON readings (device_id, metric, at);

-- The partitions for the UTC days [from_day, to_day]; safe to call from several processes at once.
CREATE FUNCTION ensure_reading_partitions(from_day date, to_day date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  d date;
  made integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('readings partitions'));
  FOR d IN SELECT generate_series(from_day, to_day, interval '1 day')::date LOOP
    IF to_regclass('readings_' || to_char(d, 'YYYYMMDD')) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF readings FOR VALUES FROM (%L) TO (%L)',
        'readings_' || to_char(d, 'YYYYMMDD'), d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END $$;

-- Retention: drop the day partitions that end on or before `before_day`. Returns how many went.
CREATE FUNCTION drop_reading_partitions(before_day date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r record;
  dropped integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('readings partitions'));
  FOR r IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'readings'::regclass AND c.relname ~ '^readings_[0-9]{8}$'
  LOOP
    IF to_date(substr(r.relname, 10), 'YYYYMMDD') + 1 <= before_day THEN
      EXECUTE format('DROP TABLE %I', r.relname);
      dropped := dropped + 1;
    END IF;
  END LOOP;
  RETURN dropped;
END $$;

-- Cameras: a live stream where the deployment has one (HLS), and when the camera last reported.
ALTER TABLE cameras ADD COLUMN hls_url text, ADD COLUMN last_seen_at timestamptz;

-- A camera's view cone: apex at the camera, `fov` degrees wide around `direction` (clockwise from north),
-- `range_m` deep, as a polygon in WGS84 (arc points every ~5°, distances on the spheroid).
CREATE FUNCTION camera_view_cone(p geometry, direction real, fov real, range_m real) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ST_SetSRID(ST_MakePolygon(ST_MakeLine(pts)), 4326)
  FROM (
    SELECT array_agg(pt ORDER BY ord) AS pts
    FROM (
      SELECT 0 AS ord, p AS pt
      UNION ALL
      SELECT k + 1, ST_Project(p::geography, range_m, radians(direction - fov / 2 + fov * k / n))::geometry
      FROM (SELECT greatest(2, ceil(fov / 5)::int) AS n) s, generate_series(0, greatest(2, ceil(fov / 5)::int)) AS k
      UNION ALL
      SELECT 1000000, p
    ) arc
  ) line
$$;

-- Alarms: a device's rule broken (or a camera's video event, or a device gone silent). Repeats of the same
-- rule by the same source within the rule's window count on the alarm (occurrences, last_at) instead of
-- raising a new one. An alarm of the right kind opens a case; the case points back at it (incidents.alarm_id).
CREATE TABLE alarms (
  id              bigserial PRIMARY KEY,
  device_id       integer REFERENCES devices (id) ON DELETE CASCADE,
  camera_id       integer REFERENCES cameras (id) ON DELETE CASCADE,
  CHECK ((device_id IS NULL) <> (camera_id IS NULL)),
  rule            text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('critical', 'major', 'minor')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
  message         text NOT NULL,
  value           real,
  grid_code       text NOT NULL,
  first_at        timestamptz NOT NULL,
  last_at         timestamptz NOT NULL,
  occurrences     integer NOT NULL DEFAULT 1,
  acknowledged_by text,
  acknowledged_at timestamptz,
  closed_at       timestamptz,
  incident_id     integer REFERENCES incidents (id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  geom            geometry(Point, 4326) NOT NULL,
  geom3857        geometry(Point, 3857) NOT NULL
);
CREATE INDEX alarms_device_rule_idx ON alarms (device_id, rule, last_at DESC) WHERE device_id IS NOT NULL;
CREATE INDEX alarms_camera_rule_idx ON alarms (camera_id, rule, last_at DESC) WHERE camera_id IS NOT NULL;
CREATE INDEX alarms_live_idx ON alarms (grid_code text_pattern_ops, id DESC) WHERE status <> 'closed';
CREATE INDEX alarms_grid_idx ON alarms (grid_code text_pattern_ops, id DESC);
CREATE INDEX alarms_geom3857_idx ON alarms USING gist (geom3857) WHERE status <> 'closed';
CREATE INDEX alarms_incident_idx ON alarms (incident_id) WHERE incident_id IS NOT NULL;

ALTER TABLE incidents ADD COLUMN alarm_id bigint REFERENCES alarms (id) ON DELETE SET NULL;

-- Case types that sensors raise, their limits and the fire brigade that takes fire alarms.
INSERT INTO departments (code, name, name_en, district_code, kind) VALUES
  ('gl-xf', '鼓楼区消防救援大队', 'Gulou Fire and Rescue Brigade', '350102', 'xf')
ON CONFLICT (code) DO NOTHING;
INSERT INTO incident_types (code, category, major, name, name_en) VALUES
  ('SJ0405', 'event', '突发事件', '火灾烟雾报警', 'Fire or smoke alarm'),
  ('SJ0406', 'event', '突发事件', '房屋安全隐患', 'Building safety hazard'),
  ('SJ0505', 'event', '街面秩序', '人员聚集', 'Crowding')
ON CONFLICT (code) DO NOTHING;
INSERT INTO case_slas (type_code, accept_minutes, dispatch_minutes, handle_minutes, handle_calendar, verify_minutes, department_kind, closure_condition) VALUES
  ('SJ0405', 5, 5, 60, 'natural', 30, 'xf', '现场确认无火情，或火情扑灭、警戒解除'),
  ('SJ0406', 15, 30, 240, 'natural', 60, 'zjj', '人员撤离、房屋鉴定或加固'),
  ('SJ0505', 10, 10, 60, 'natural', 30, 'ga', '人群疏散、秩序恢复')
ON CONFLICT (type_code) DO NOTHING;

-- Map layers that change with the devices and alarms.
INSERT INTO data_versions (layer) VALUES ('devices'), ('alarms'), ('camera_views') ON CONFLICT (layer) DO NOTHING;
