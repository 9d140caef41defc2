-- Planners: the 15-minute community life circle (GB 50180-2018). Facilities get the standard's service type
-- (tiles/domain/planning.ts) and a capacity; buildings get the age bands facilities serve; what-if scenarios
-- are saved apart from the real facilities, which they never change.

ALTER TABLE facilities
  ADD COLUMN service_type text CHECK (service_type IN ('kindergarten', 'elderly_daycare', 'community_service', 'health_station',
                                                        'primary_school', 'market', 'middle_school', 'health_centre', 'nursing_home')),
  ADD COLUMN capacity integer CHECK (capacity > 0),
  ADD CONSTRAINT facilities_capacity_of_type CHECK ((service_type IS NULL) = (capacity IS NULL));
CREATE INDEX facilities_service_type_idx ON facilities (service_type) WHERE service_type IS NOT NULL;

-- The school-age bands are split from the 0–14 count by the census shares of single years (3 of 15 years are
-- 3–5, 6 are 6–11, 3 are 12–14), varied a little per building so that not every building rounds alike. The
-- population register would give them directly; these keep the sum within pop_0_14.
ALTER TABLE buildings
  ADD COLUMN pop_3_5 integer GENERATED ALWAYS AS ((pop_0_14 * (18 + id % 5)) / 100) STORED,
  ADD COLUMN pop_6_11 integer GENERATED ALWAYS AS ((pop_0_14 * (37 + id % 7)) / 100) STORED,
  ADD COLUMN pop_12_14 integer GENERATED ALWAYS AS ((pop_0_14 * (18 + id % 5)) / 100) STORED;

-- A planner's what-if: a named list of edits (add, move, close) to today's facilities of one type in an area.
-- Shared by link among those whose scope holds the area; the version guards concurrent edits.
CREATE TABLE planning_scenarios (
  id            serial PRIMARY KEY,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  area_code     text NOT NULL,
  facility_type text NOT NULL CHECK (facility_type IN ('kindergarten', 'elderly_daycare', 'community_service', 'health_station',
                                                        'primary_school', 'market', 'middle_school', 'health_centre', 'nursing_home')),
  edits         jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(edits) = 'array'),
  version       integer NOT NULL DEFAULT 1,
  created_by    integer NOT NULL REFERENCES accounts (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX planning_scenarios_area_idx ON planning_scenarios (area_code text_pattern_ops);
