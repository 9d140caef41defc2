-- The leaders' figures (考核评价): the working-time clock, each case's contributions to the KPIs (case_facts)
-- and the daily rollup per grid × case type × responsible unit × channel (case_daily). Deferred triggers on the
-- cases and their event log recompute a changed case's contributions at COMMIT and apply the difference to the
-- rollup in the same transaction: the rollup equals what counting the cases gives, whichever process, route,
-- sweep or hand wrote them. tiles/domain/metrics.ts
-- defines the KPIs in words; this file is their arithmetic.

-- Working minutes before each day since the calendar's start, so the working time between two instants is two
-- lookups. Office hours as api/cases/calendar.ts has them (08:30–12:00 and 14:30–17:30 China time, Monday to
-- Friday, holidays and make-up days from the holidays table); tests/metrics compares the two.
CREATE TABLE work_days (
  day            date PRIMARY KEY,
  working        boolean NOT NULL,
  minutes_before bigint NOT NULL
);

CREATE FUNCTION work_days_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM work_days;
  INSERT INTO work_days (day, working, minutes_before)
  SELECT d, w, coalesce(sum(CASE WHEN w THEN 390 ELSE 0 END) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
  FROM (
    SELECT g::date AS d,
           CASE (SELECT h.kind FROM holidays h WHERE h.day = g::date) WHEN 'workday' THEN true WHEN 'holiday' THEN false
                ELSE extract(isodow FROM g) < 6 END AS w
    FROM generate_series(date '2000-01-01', date '2060-12-31', interval '1 day') AS g
  ) x;
$$;
SELECT work_days_rebuild();

CREATE FUNCTION holidays_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM work_days_rebuild();
  RETURN NULL;
END $$;
CREATE TRIGGER holidays_rebuild_work_days AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holidays
  FOR EACH STATEMENT EXECUTE FUNCTION holidays_changed();

-- Working minutes from the calendar's start to an instant.
CREATE FUNCTION working_clock(t timestamptz) RETURNS double precision LANGUAGE sql STABLE AS $$
  SELECT w.minutes_before + CASE WHEN w.working
           THEN least(greatest(m - 510, 0), 210) + least(greatest(m - 870, 0), 180) ELSE 0 END
  FROM (SELECT (t AT TIME ZONE 'UTC') + interval '8 hours' AS lt) x
  CROSS JOIN LATERAL (SELECT extract(epoch FROM x.lt - date_trunc('day', x.lt)) / 60 AS m) mm
  JOIN work_days w ON w.day = x.lt::date
$$;

-- Working minutes between two instants (0 when b is not after a): the same as workingMinutesBetween.
CREATE FUNCTION working_minutes(a timestamptz, b timestamptz) RETURNS double precision LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN b <= a THEN 0::double precision ELSE greatest(working_clock(b) - working_clock(a), 0) END
$$;

-- China-time calendar day of an instant.
CREATE FUNCTION china_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT ((t AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

-- What the cases `ids` contribute, as rows (one per day that counts a case). Keys: the case's grid, type, unit
-- ('' for none) and channel now.
CREATE FUNCTION case_facts_of(ids integer[]) RETURNS TABLE (
  incident_id integer, day date, grid_code text, type_code text, department_code text, source text,
  reported integer, registered integer, dispatched integer, closed_of_reported integer,
  closed integer, closed_on_time integer, handled_on_time integer, reworked integer, handling_minutes double precision,
  hb0 integer, hb1 integer, hb2 integer, hb3 integer, hb4 integer, hb5 integer, hb6 integer, hb7 integer,
  rated integer, rating_sum integer, rating_good integer, escalations integer, call_ups integer
) LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH c AS (
    SELECT i.id, i.grid_code, i.type_code, coalesce(i.department_code, '') AS dept, i.source, i.status, i.reported_at, i.closed_at,
           s.handle_minutes, s.handle_calendar, s.verify_minutes
    FROM unnest(ids) AS x(id) JOIN incidents i ON i.id = x.id LEFT JOIN case_slas s ON s.type_code = i.type_code
  ), ev AS (
    SELECT e.incident_id,
           bool_or(e.to_status = 'registered') AS was_registered,
           bool_or(e.to_status = 'dispatched') AS was_dispatched,
           min(e.at) FILTER (WHERE e.to_status = 'dispatched') AS first_dispatch,
           max(e.at) FILTER (WHERE e.action = 'report') AS last_report,
           bool_or(e.action IN ('verify_fail', 'reopen')) AS reworked
    FROM c JOIN incident_events e ON e.incident_id = c.id
    GROUP BY e.incident_id
  ), closing AS (
    SELECT c.*, ev.first_dispatch, ev.last_report, ev.reworked,
           working_minutes(ev.first_dispatch, c.closed_at) AS wm,
           -- handled within the type's limit from the first dispatch (on the clock or in working time)
           CASE WHEN c.handle_minutes IS NULL THEN true
                WHEN ev.last_report IS NULL OR ev.first_dispatch IS NULL THEN false
                WHEN c.handle_calendar = 'natural' THEN ev.last_report <= ev.first_dispatch + make_interval(mins => c.handle_minutes)
                ELSE working_minutes(ev.first_dispatch, ev.last_report) <= c.handle_minutes END AS handled_ok,
           CASE WHEN c.verify_minutes IS NULL THEN true
                WHEN ev.last_report IS NULL THEN false
                ELSE c.closed_at <= ev.last_report + make_interval(mins => c.verify_minutes) END AS verified_ok
    FROM c JOIN ev ON ev.incident_id = c.id
    WHERE c.status = 'closed' AND c.closed_at IS NOT NULL
  ), points AS (
    SELECT e.incident_id, china_day(e.at) AS day,
           count(*) FILTER (WHERE e.action = 'rate')::int AS rated,
           coalesce(sum((e.detail ->> 'rating')::int) FILTER (WHERE e.action = 'rate'), 0)::int AS rating_sum,
           count(*) FILTER (WHERE e.action = 'rate' AND (e.detail ->> 'rating')::int >= 4)::int AS rating_good,
           count(*) FILTER (WHERE e.action = 'escalate')::int AS escalations,
           count(*) FILTER (WHERE e.action = 'call_up')::int AS call_ups
    FROM c JOIN incident_events e ON e.incident_id = c.id
    WHERE e.action IN ('rate', 'escalate', 'call_up')
    GROUP BY 1, 2
  )
  SELECT c.id, china_day(c.reported_at), c.grid_code, c.type_code, c.dept, c.source,
         1, coalesce(ev.was_registered, false)::int, coalesce(ev.was_dispatched, false)::int, (c.status = 'closed')::int,
         0, 0, 0, 0, 0::double precision, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  FROM c LEFT JOIN ev ON ev.incident_id = c.id
  UNION ALL
  SELECT k.id, china_day(k.closed_at), k.grid_code, k.type_code, k.dept, k.source,
         0, 0, 0, 0,
         1, (k.handled_ok AND k.verified_ok AND NOT k.reworked)::int, k.handled_ok::int, k.reworked::int, coalesce(k.wm, 0),
         (k.wm < 60)::int, (k.wm >= 60 AND k.wm < 120)::int, (k.wm >= 120 AND k.wm < 240)::int, (k.wm >= 240 AND k.wm < 480)::int,
         (k.wm >= 480 AND k.wm < 960)::int, (k.wm >= 960 AND k.wm < 1920)::int, (k.wm >= 1920 AND k.wm < 3840)::int, (k.wm >= 3840)::int,
         0, 0, 0, 0, 0
  FROM closing k
  UNION ALL
  SELECT c.id, p.day, c.grid_code, c.type_code, c.dept, c.source,
         0, 0, 0, 0, 0, 0, 0, 0, 0::double precision, 0, 0, 0, 0, 0, 0, 0, 0,
         p.rated, p.rating_sum, p.rating_good, p.escalations, p.call_ups
  FROM points p JOIN c ON c.id = p.incident_id;
END $$;

-- Each case's contributions as last computed: what the next change of the case takes back from the rollup.
CREATE TABLE case_facts (
  incident_id integer NOT NULL,
  day date NOT NULL,
  grid_code text NOT NULL,
  type_code text NOT NULL,
  department_code text NOT NULL,
  source text NOT NULL,
  reported integer NOT NULL, registered integer NOT NULL, dispatched integer NOT NULL, closed_of_reported integer NOT NULL,
  closed integer NOT NULL, closed_on_time integer NOT NULL, handled_on_time integer NOT NULL, reworked integer NOT NULL,
  handling_minutes double precision NOT NULL,
  hb0 integer NOT NULL, hb1 integer NOT NULL, hb2 integer NOT NULL, hb3 integer NOT NULL,
  hb4 integer NOT NULL, hb5 integer NOT NULL, hb6 integer NOT NULL, hb7 integer NOT NULL,
  rated integer NOT NULL, rating_sum integer NOT NULL, rating_good integer NOT NULL, escalations integer NOT NULL, call_ups integer NOT NULL
);
CREATE INDEX case_facts_incident_idx ON case_facts (incident_id);
-- The case list behind a clicked count: facts of an area and period.
CREATE INDEX case_facts_grid_day_idx ON case_facts (grid_code text_pattern_ops, day);

-- The rollup: sums of case_facts per day × grid × type × unit × channel.
CREATE TABLE case_daily (
  day date NOT NULL,
  grid_code text NOT NULL,
  type_code text NOT NULL,
  department_code text NOT NULL,
  source text NOT NULL,
  reported integer NOT NULL, registered integer NOT NULL, dispatched integer NOT NULL, closed_of_reported integer NOT NULL,
  closed integer NOT NULL, closed_on_time integer NOT NULL, handled_on_time integer NOT NULL, reworked integer NOT NULL,
  handling_minutes double precision NOT NULL,
  hb0 integer NOT NULL, hb1 integer NOT NULL, hb2 integer NOT NULL, hb3 integer NOT NULL,
  hb4 integer NOT NULL, hb5 integer NOT NULL, hb6 integer NOT NULL, hb7 integer NOT NULL,
  rated integer NOT NULL, rating_sum integer NOT NULL, rating_good integer NOT NULL, escalations integer NOT NULL, call_ups integer NOT NULL,
  PRIMARY KEY (day, grid_code, type_code, department_code, source)
);
CREATE INDEX case_daily_grid_day_idx ON case_daily (grid_code text_pattern_ops, day);

-- Coarser sums for the city's and a district's figures over long periods: per month × street × unit × channel,
-- and the reports per month × district × unit × case type (the top types). A period's whole months come from
-- here, its partial months from case_daily (see api/sql/metrics-*.sql).
CREATE TABLE case_monthly (
  month date NOT NULL,
  street_code text NOT NULL,
  department_code text NOT NULL,
  source text NOT NULL,
  reported integer NOT NULL, registered integer NOT NULL, dispatched integer NOT NULL, closed_of_reported integer NOT NULL,
  closed integer NOT NULL, closed_on_time integer NOT NULL, handled_on_time integer NOT NULL, reworked integer NOT NULL,
  handling_minutes double precision NOT NULL,
  hb0 integer NOT NULL, hb1 integer NOT NULL, hb2 integer NOT NULL, hb3 integer NOT NULL,
  hb4 integer NOT NULL, hb5 integer NOT NULL, hb6 integer NOT NULL, hb7 integer NOT NULL,
  rated integer NOT NULL, rating_sum integer NOT NULL, rating_good integer NOT NULL, escalations integer NOT NULL, call_ups integer NOT NULL,
  PRIMARY KEY (month, street_code, department_code, source)
);
CREATE TABLE case_monthly_types (
  month date NOT NULL,
  district_code text NOT NULL,
  department_code text NOT NULL,
  type_code text NOT NULL,
  reported integer NOT NULL,
  PRIMARY KEY (month, district_code, department_code, type_code)
);

-- Build the rollups from scratch (the seed, and a database seeded before this migration).
CREATE FUNCTION case_rollup_rebuild() RETURNS void LANGUAGE sql AS $$
  TRUNCATE case_facts, case_daily, case_monthly, case_monthly_types;
  INSERT INTO case_facts SELECT * FROM case_facts_of(ARRAY(SELECT id FROM incidents));
  INSERT INTO case_daily
  SELECT day, grid_code, type_code, department_code, source,
         sum(reported), sum(registered), sum(dispatched), sum(closed_of_reported), sum(closed), sum(closed_on_time),
         sum(handled_on_time), sum(reworked), sum(handling_minutes), sum(hb0), sum(hb1), sum(hb2), sum(hb3), sum(hb4),
         sum(hb5), sum(hb6), sum(hb7), sum(rated), sum(rating_sum), sum(rating_good), sum(escalations), sum(call_ups)
  FROM case_facts GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO case_monthly
  SELECT date_trunc('month', day)::date, left(grid_code, 9), department_code, source,
         sum(reported)::int AS reported, sum(registered)::int AS registered,
         sum(dispatched)::int AS dispatched, sum(closed_of_reported)::int AS closed_of_reported,
         sum(closed)::int AS closed, sum(closed_on_time)::int AS closed_on_time,
         sum(handled_on_time)::int AS handled_on_time, sum(reworked)::int AS reworked,
         sum(handling_minutes)::float8 AS handling_minutes, sum(hb0)::int AS hb0, sum(hb1)::int AS hb1,
         sum(hb2)::int AS hb2, sum(hb3)::int AS hb3, sum(hb4)::int AS hb4, sum(hb5)::int AS hb5,
         sum(hb6)::int AS hb6, sum(hb7)::int AS hb7, sum(rated)::int AS rated,
         sum(rating_sum)::int AS rating_sum, sum(rating_good)::int AS rating_good,
         sum(escalations)::int AS escalations, sum(call_ups)::int AS call_ups
  FROM case_daily GROUP BY 1, 2, 3, 4;
  INSERT INTO case_monthly_types
  SELECT date_trunc('month', day)::date, left(grid_code, 6), department_code, type_code, sum(reported)::int
  FROM case_daily GROUP BY 1, 2, 3, 4 HAVING sum(reported) <> 0;
$$;

-- One case anew: take its old contributions out of the rollups and put its current ones in, in key order (two
-- transactions touching the same rollup rows lock them in the same order). True when a rollup changed. PL/pgSQL,
-- as case_facts_of, so that each session plans these statements once, not on every write.
CREATE FUNCTION case_rollup_refresh(incident integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
BEGIN
  WITH gone AS (
    DELETE FROM case_facts WHERE incident_id = incident RETURNING *
  ), fresh AS (
    INSERT INTO case_facts SELECT * FROM case_facts_of(ARRAY[incident]) RETURNING *
  ), both_ AS (
    SELECT 1 AS sign, f.* FROM fresh f UNION ALL SELECT -1, g.* FROM gone g
  ), delta AS (
    SELECT day, grid_code, type_code, department_code, source,
           sum(sign * reported)::int AS reported, sum(sign * registered)::int AS registered,
           sum(sign * dispatched)::int AS dispatched, sum(sign * closed_of_reported)::int AS closed_of_reported,
           sum(sign * closed)::int AS closed, sum(sign * closed_on_time)::int AS closed_on_time,
           sum(sign * handled_on_time)::int AS handled_on_time, sum(sign * reworked)::int AS reworked,
           sum(sign * handling_minutes)::float8 AS handling_minutes, sum(sign * hb0)::int AS hb0,
           sum(sign * hb1)::int AS hb1, sum(sign * hb2)::int AS hb2, sum(sign * hb3)::int AS hb3,
           sum(sign * hb4)::int AS hb4, sum(sign * hb5)::int AS hb5, sum(sign * hb6)::int AS hb6,
           sum(sign * hb7)::int AS hb7, sum(sign * rated)::int AS rated,
           sum(sign * rating_sum)::int AS rating_sum, sum(sign * rating_good)::int AS rating_good,
           sum(sign * escalations)::int AS escalations, sum(sign * call_ups)::int AS call_ups
    FROM both_ GROUP BY 1, 2, 3, 4, 5
  ), changed AS (
    SELECT * FROM delta WHERE reported <> 0 OR registered <> 0 OR dispatched <> 0 OR closed_of_reported <> 0 OR closed <> 0 OR closed_on_time <> 0 OR handled_on_time <> 0 OR reworked <> 0 OR handling_minutes <> 0 OR hb0 <> 0 OR hb1 <> 0 OR hb2 <> 0 OR hb3 <> 0 OR hb4 <> 0 OR hb5 <> 0 OR hb6 <> 0 OR hb7 <> 0 OR rated <> 0 OR rating_sum <> 0 OR rating_good <> 0 OR escalations <> 0 OR call_ups <> 0
  ), daily AS (
    INSERT INTO case_daily SELECT * FROM changed ORDER BY day, grid_code, type_code, department_code, source
    ON CONFLICT (day, grid_code, type_code, department_code, source) DO UPDATE SET
      reported = case_daily.reported + excluded.reported,
      registered = case_daily.registered + excluded.registered,
      dispatched = case_daily.dispatched + excluded.dispatched,
      closed_of_reported = case_daily.closed_of_reported + excluded.closed_of_reported,
      closed = case_daily.closed + excluded.closed,
      closed_on_time = case_daily.closed_on_time + excluded.closed_on_time,
      handled_on_time = case_daily.handled_on_time + excluded.handled_on_time,
      reworked = case_daily.reworked + excluded.reworked,
      handling_minutes = case_daily.handling_minutes + excluded.handling_minutes,
      hb0 = case_daily.hb0 + excluded.hb0,
      hb1 = case_daily.hb1 + excluded.hb1,
      hb2 = case_daily.hb2 + excluded.hb2,
      hb3 = case_daily.hb3 + excluded.hb3,
      hb4 = case_daily.hb4 + excluded.hb4,
      hb5 = case_daily.hb5 + excluded.hb5,
      hb6 = case_daily.hb6 + excluded.hb6,
      hb7 = case_daily.hb7 + excluded.hb7,
      rated = case_daily.rated + excluded.rated,
      rating_sum = case_daily.rating_sum + excluded.rating_sum,
      rating_good = case_daily.rating_good + excluded.rating_good,
      escalations = case_daily.escalations + excluded.escalations,
      call_ups = case_daily.call_ups + excluded.call_ups
    RETURNING 1
  ), monthly AS (
    INSERT INTO case_monthly
    SELECT date_trunc('month', day)::date, left(grid_code, 9), department_code, source,
           sum(reported)::int AS reported, sum(registered)::int AS registered,
           sum(dispatched)::int AS dispatched, sum(closed_of_reported)::int AS closed_of_reported,
           sum(closed)::int AS closed, sum(closed_on_time)::int AS closed_on_time,
           sum(handled_on_time)::int AS handled_on_time, sum(reworked)::int AS reworked,
           sum(handling_minutes)::float8 AS handling_minutes, sum(hb0)::int AS hb0, sum(hb1)::int AS hb1,
           sum(hb2)::int AS hb2, sum(hb3)::int AS hb3, sum(hb4)::int AS hb4, sum(hb5)::int AS hb5,
           sum(hb6)::int AS hb6, sum(hb7)::int AS hb7, sum(rated)::int AS rated,
           sum(rating_sum)::int AS rating_sum, sum(rating_good)::int AS rating_good,
           sum(escalations)::int AS escalations, sum(call_ups)::int AS call_ups
    FROM changed GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, street_code, department_code, source) DO UPDATE SET
      reported = case_monthly.reported + excluded.reported,
      registered = case_monthly.registered + excluded.registered,
      dispatched = case_monthly.dispatched + excluded.dispatched,
      closed_of_reported = case_monthly.closed_of_reported + excluded.closed_of_reported,
      closed = case_monthly.closed + excluded.closed,
      closed_on_time = case_monthly.closed_on_time + excluded.closed_on_time,
      handled_on_time = case_monthly.handled_on_time + excluded.handled_on_time,
      reworked = case_monthly.reworked + excluded.reworked,
      handling_minutes = case_monthly.handling_minutes + excluded.handling_minutes,
      hb0 = case_monthly.hb0 + excluded.hb0,
      hb1 = case_monthly.hb1 + excluded.hb1,
      hb2 = case_monthly.hb2 + excluded.hb2,
      hb3 = case_monthly.hb3 + excluded.hb3,
      hb4 = case_monthly.hb4 + excluded.hb4,
      hb5 = case_monthly.hb5 + excluded.hb5,
      hb6 = case_monthly.hb6 + excluded.hb6,
      hb7 = case_monthly.hb7 + excluded.hb7,
      rated = case_monthly.rated + excluded.rated,
      rating_sum = case_monthly.rating_sum + excluded.rating_sum,
      rating_good = case_monthly.rating_good + excluded.rating_good,
      escalations = case_monthly.escalations + excluded.escalations,
      call_ups = case_monthly.call_ups + excluded.call_ups
    RETURNING 1
  ), types AS (
    INSERT INTO case_monthly_types
    SELECT date_trunc('month', day)::date, left(grid_code, 6), department_code, type_code, sum(reported)::int
    FROM changed GROUP BY 1, 2, 3, 4 HAVING sum(reported) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (month, district_code, department_code, type_code) DO UPDATE SET reported = case_monthly_types.reported + excluded.reported
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM daily) + (SELECT count(*) FROM monthly) + (SELECT count(*) FROM types) > 0 INTO changed;
  RETURN changed;
END $$;

-- Any change to what a case counts by (its status, times, place, type, unit, channel) or to its event log brings the case anew into the rollup at COMMIT (after everything the
-- transaction did to it), once per case and transaction: the workflow's writes, the sweeps, an administrator's
-- correction in SQL alike. The seed's bulk load turns these off and builds the rollup in one go.
CREATE FUNCTION case_rollup_once(incident integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  done text := coalesce(current_setting('citybrain.rollup_done', true), '');
BEGIN
  IF position(',' || incident || ',' IN done) > 0 THEN
    RETURN;
  END IF;
  PERFORM set_config('citybrain.rollup_done', done || ',' || incident || ',', true);
  PERFORM case_rollup_refresh(incident);
END $$;
CREATE FUNCTION incidents_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_rollup_once(NEW.id);
  RETURN NULL;
END $$;
CREATE FUNCTION incident_events_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM case_rollup_once(NEW.incident_id);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER incidents_rollup
  AFTER INSERT OR UPDATE OF status, closed_at, reported_at, grid_code, type_code, department_code, source ON incidents
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incidents_rollup();
CREATE CONSTRAINT TRIGGER incident_events_rollup AFTER INSERT ON incident_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incident_events_rollup();

-- For bulk loads (the seed): no per-row refresh; the caller rebuilds the rollup after. Inside a transaction, so a
-- load that fails leaves the triggers on.
CREATE FUNCTION case_rollup_pause() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE incidents DISABLE TRIGGER incidents_rollup;
  ALTER TABLE incident_events DISABLE TRIGGER incident_events_rollup;
END $$;
CREATE FUNCTION case_rollup_resume() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE incidents ENABLE TRIGGER incidents_rollup;
  ALTER TABLE incident_events ENABLE TRIGGER incident_events_rollup;
END $$;
