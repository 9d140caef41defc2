-- One map of the city: administrative areas down to grids, buildings, roads, sensors, facilities and incidents.
-- Geometry is stored twice: WGS84 (4326) for the API and analysis, Web Mercator (3857) for tiles,
-- so no tile request pays for ST_Transform.

CREATE EXTENSION IF NOT EXISTS postgis;

-- City (4-digit code), district (6), street/town (9), community/village (12), grid (15: community + 3).
-- An area's ancestors are the prefixes of its code, which makes "everything inside X" a prefix match.
CREATE TABLE areas (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{4}([0-9]{2}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?)?$'),
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community', 'grid')),
  parent_code text REFERENCES areas (code),
  households  integer NOT NULL DEFAULT 0,
  population  integer NOT NULL DEFAULT 0,
  -- Inventory counts rolled up from the grids at seed time; live figures (incidents, cameras online,
  -- free parking) are counted at query time.
  building_count integer NOT NULL DEFAULT 0,
  facility_count integer NOT NULL DEFAULT 0,
  label_point geometry(Point, 4326) NOT NULL,
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  geom3857    geometry(MultiPolygon, 3857) NOT NULL
);
CREATE INDEX areas_parent_idx ON areas (parent_code);
CREATE INDEX areas_level_idx ON areas (level);
CREATE INDEX areas_code_prefix_idx ON areas (code text_pattern_ops);
CREATE INDEX areas_name_idx ON areas (name text_pattern_ops);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_geom3857_idx ON areas USING gist (geom3857);

CREATE TABLE roads (
  id       integer PRIMARY KEY,
  name     text NOT NULL,
  class    text NOT NULL CHECK (class IN ('arterial', 'local')),
  district_code text NOT NULL REFERENCES areas (code),
  geom     geometry(LineString, 4326) NOT NULL,
  geom3857 geometry(LineString, 3857) NOT NULL
);
CREATE INDEX roads_geom3857_idx ON roads USING gist (geom3857);

CREATE TABLE buildings (
  id          integer PRIMARY KEY,
  grid_code   text NOT NULL REFERENCES areas (code),
  name        text,
  address     text NOT NULL,
  doorplate   text NOT NULL UNIQUE,  -- 二维码门楼牌: the code printed on the QR doorplate
  use         text NOT NULL CHECK (use IN ('residential', 'commercial', 'office', 'public', 'industrial', 'mixed')),
  floors      integer NOT NULL CHECK (floors > 0),
  height      real NOT NULL CHECK (height > 0),
  built_year  integer NOT NULL,
  households  integer NOT NULL DEFAULT 0,
  pop_0_14    integer NOT NULL DEFAULT 0,
  pop_15_59   integer NOT NULL DEFAULT 0,
  pop_60_plus integer NOT NULL DEFAULT 0,
  geom        geometry(Polygon, 4326) NOT NULL,
  geom3857    geometry(Polygon, 3857) NOT NULL
);
CREATE INDEX buildings_grid_idx ON buildings (grid_code text_pattern_ops);
CREATE INDEX buildings_geom_idx ON buildings USING gist (geom);
CREATE INDEX buildings_geom3857_idx ON buildings USING gist (geom3857);

CREATE TABLE cameras (
  id        integer PRIMARY KEY,
  code      text NOT NULL UNIQUE,
  name      text NOT NULL,
  grid_code text NOT NULL REFERENCES areas (code),
  kind      text NOT NULL CHECK (kind IN ('fixed', 'dome', 'ai')),
  status    text NOT NULL CHECK (status IN ('online', 'offline')),
  owner     text NOT NULL,
  direction real NOT NULL CHECK (direction >= 0 AND direction < 360), -- degrees clockwise from north
  fov       real NOT NULL CHECK (fov > 0 AND fov <= 360),
  range_m   real NOT NULL CHECK (range_m > 0),
  geom      geometry(Point, 4326) NOT NULL,
  geom3857  geometry(Point, 3857) NOT NULL
);
CREATE INDEX cameras_grid_idx ON cameras (grid_code text_pattern_ops);
CREATE INDEX cameras_geom3857_idx ON cameras USING gist (geom3857);

CREATE TABLE parking (
  id        integer PRIMARY KEY,
  name      text NOT NULL,
  grid_code text NOT NULL REFERENCES areas (code),
  kind      text NOT NULL CHECK (kind IN ('lot', 'garage', 'street')),
  capacity  integer NOT NULL CHECK (capacity > 0),
  occupied  integer NOT NULL CHECK (occupied >= 0),
  CHECK (occupied <= capacity),
  geom      geometry(Point, 4326) NOT NULL,
  geom3857  geometry(Point, 3857) NOT NULL
);
CREATE INDEX parking_grid_idx ON parking (grid_code text_pattern_ops);
CREATE INDEX parking_geom3857_idx ON parking USING gist (geom3857);

CREATE TABLE facilities (
  id        integer PRIMARY KEY,
  name      text NOT NULL,
  grid_code text NOT NULL REFERENCES areas (code),
  kind      text NOT NULL CHECK (kind IN ('service_centre', 'elderly_care', 'clinic', 'school', 'market', 'kiosk')),
  geom      geometry(Point, 4326) NOT NULL,
  geom3857  geometry(Point, 3857) NOT NULL
);
CREATE INDEX facilities_grid_idx ON facilities (grid_code text_pattern_ops);
CREATE INDEX facilities_geom_idx ON facilities USING gist (geom);
CREATE INDEX facilities_geom3857_idx ON facilities USING gist (geom3857);

-- Digital urban-management classification: 事件 (events) and 部件 (components), major and minor classes.
CREATE TABLE incident_types (
  code      text PRIMARY KEY,
  category  text NOT NULL CHECK (category IN ('event', 'component')),
  major     text NOT NULL,
  name      text NOT NULL,
  name_en   text NOT NULL
);

CREATE TABLE incidents (
  id          integer PRIMARY KEY,
  case_no     text NOT NULL UNIQUE,
  type_code   text NOT NULL REFERENCES incident_types (code),
  source      text NOT NULL CHECK (source IN ('hotline_12345', 'snapshot', 'patrol', 'video', 'iot')),
  status      text NOT NULL CHECK (status IN ('registered', 'dispatched', 'handling', 'verifying', 'closed')),
  priority    smallint NOT NULL CHECK (priority BETWEEN 1 AND 3),
  description text NOT NULL,
  grid_code   text NOT NULL REFERENCES areas (code),
  reported_at timestamptz NOT NULL,
  closed_at   timestamptz,
  geom        geometry(Point, 4326) NOT NULL,
  geom3857    geometry(Point, 3857) NOT NULL
);
CREATE INDEX incidents_grid_idx ON incidents (grid_code text_pattern_ops);
CREATE INDEX incidents_open_idx ON incidents (grid_code text_pattern_ops) WHERE status <> 'closed';
CREATE INDEX incidents_reported_idx ON incidents (reported_at);
CREATE INDEX incidents_geom_idx ON incidents USING gist (geom);
CREATE INDEX incidents_geom3857_idx ON incidents USING gist (geom3857);

-- What the seed produced: its number, scale, counts and when it finished. Empty until seeding completes.
CREATE TABLE seed_state (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  seed        integer NOT NULL,
  scale       real NOT NULL,
  counts      jsonb NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);

-- Bumped whenever map data changes, so encoded tiles cached in memory can be dropped.
CREATE TABLE data_versions (
  layer   text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1
);
