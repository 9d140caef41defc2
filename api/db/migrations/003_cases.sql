-- The case workflow (一网统管): stage time limits per case type, the working calendar, workflow columns on
-- incidents and the append-only event log of every step.

-- Days off on weekdays and working weekend days (调休), China time. Reference data: keep it up to date with
-- each year's official holiday arrangement.
CREATE TABLE holidays (
  day  date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL
);
INSERT INTO holidays (day, kind, name)
SELECT d::date, 'holiday', n FROM (VALUES
  ('2026-01-01', '2026-01-03', '元旦'), ('2026-02-15', '2026-02-23', '春节'), ('2026-04-04', '2026-04-06', '清明节'),
  ('2026-05-01', '2026-05-05', '劳动节'), ('2026-06-19', '2026-06-21', '端午节'), ('2026-09-25', '2026-09-27', '中秋节'),
  ('2026-10-01', '2026-10-07', '国庆节')
) AS h(a, b, n), generate_series(a::date, b::date, interval '1 day') AS d;
INSERT INTO holidays (day, kind, name) VALUES
  ('2026-01-04', 'workday', '元旦调休'), ('2026-02-14', 'workday', '春节调休'), ('2026-02-28', 'workday', '春节调休'),
  ('2026-05-09', 'workday', '劳动节调休'), ('2026-09-20', 'workday', '国庆节调休'), ('2026-10-10', 'workday', '国庆节调休');

-- Departments by kind, so a case type names the kind of unit and the case's district picks the unit.
ALTER TABLE departments ADD COLUMN kind text;
UPDATE departments SET kind = substr(code, 4);
ALTER TABLE departments ALTER COLUMN kind SET NOT NULL;

-- Stage limits per case type (数字化城市管理 立案/派遣/处置/核查 时限). Accept, dispatch and verify run on the
-- clock; handling on the clock for urgent types (hours) or in working time for the rest (working days:
-- 390 working minutes each). Reference data keyed by the type code, not a foreign key: re-seeding the city
-- replaces the incident types but keeps the limits.
CREATE TABLE case_slas (
  type_code         text PRIMARY KEY,
  accept_minutes    integer NOT NULL CHECK (accept_minutes > 0),
  dispatch_minutes  integer NOT NULL CHECK (dispatch_minutes > 0),
  handle_minutes    integer NOT NULL CHECK (handle_minutes > 0),
  handle_calendar   text NOT NULL CHECK (handle_calendar IN ('natural', 'working')),
  verify_minutes    integer NOT NULL CHECK (verify_minutes > 0),
  department_kind   text NOT NULL,
  closure_condition text NOT NULL
);
INSERT INTO case_slas (type_code, accept_minutes, dispatch_minutes, handle_minutes, handle_calendar, verify_minutes, department_kind, closure_condition) VALUES
  ('SJ0101', 30, 30, 120, 'natural', 60, 'cgj', '垃圾清除，现场无残留'),
  ('SJ0102', 30, 30, 390, 'working', 60, 'cgj', '渣土清运完毕'),
  ('SJ0103', 30, 30, 240, 'natural', 60, 'cgj', '路面清扫干净'),
  ('SJ0104', 30, 60, 780, 'working', 120, 'sw', '水面漂浮物清理完毕'),
  ('SJ0201', 30, 60, 390, 'working', 120, 'cgj', '小广告清除'),
  ('SJ0202', 30, 60, 1950, 'working', 240, 'cgj', '广告拆除或补办许可'),
  ('SJ0203', 30, 60, 780, 'working', 120, 'cgj', '涂画覆盖或清除'),
  ('SJ0301', 30, 30, 240, 'natural', 60, 'zjj', '施工停止或改在许可时段'),
  ('SJ0302', 30, 30, 390, 'working', 120, 'zjj', '覆盖、洒水等降尘措施落实'),
  ('SJ0303', 30, 30, 120, 'natural', 60, 'cgj', '遗撒清理完毕'),
  ('SJ0304', 60, 120, 1950, 'working', 240, 'zjj', '违建拆除或依法立案查处'),
  ('SJ0401', 15, 15, 240, 'natural', 30, 'zjj', '围挡设置、塌陷修复'),
  ('SJ0402', 15, 15, 240, 'natural', 30, 'sw', '关阀止水、管道修复'),
  ('SJ0403', 15, 15, 180, 'natural', 30, 'sw', '积水排除'),
  ('SJ0404', 10, 10, 60, 'natural', 30, 'ga', '泄漏点处置、警戒解除'),
  ('SJ0501', 30, 30, 120, 'natural', 60, 'cgj', '摊点撤离'),
  ('SJ0502', 30, 30, 240, 'natural', 60, 'scjg', '物品收回店内'),
  ('SJ0503', 30, 30, 120, 'natural', 60, 'ga', '车辆驶离或依法处理'),
  ('SJ0504', 30, 30, 240, 'natural', 60, 'cgj', '车辆摆放整齐'),
  ('BJ0101', 15, 30, 240, 'natural', 60, 'sw', '井盖更换或加固'),
  ('BJ0102', 30, 60, 780, 'working', 120, 'cgj', '路灯恢复照明'),
  ('BJ0103', 30, 60, 780, 'working', 120, 'sw', '消防栓修复'),
  ('BJ0201', 15, 15, 240, 'natural', 60, 'ga', '信号灯恢复'),
  ('BJ0202', 30, 60, 1170, 'working', 120, 'ga', '标志牌修复或更换'),
  ('BJ0203', 30, 60, 780, 'working', 120, 'ga', '护栏修复'),
  ('BJ0301', 30, 60, 780, 'working', 120, 'cgj', '垃圾箱更换'),
  ('BJ0302', 30, 60, 780, 'working', 120, 'cgj', '公厕设施修复'),
  ('BJ0401', 15, 15, 240, 'natural', 60, 'cgj', '倒伏树木移除、扶正'),
  ('BJ0402', 30, 60, 1170, 'working', 120, 'cgj', '绿地恢复');

-- Workflow columns on incidents: the level that holds the case, a pending call-up, the responsible unit,
-- when the current stage began (its deadline follows from the type's limits), an optimistic-concurrency
-- version, and the reporter's rating.
ALTER TABLE incidents DROP CONSTRAINT incidents_status_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_status_check
  CHECK (status IN ('reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed', 'rejected', 'merged'));
ALTER TABLE incidents
  ADD COLUMN level text NOT NULL DEFAULT 'community' CHECK (level IN ('community', 'street', 'district', 'city')),
  ADD COLUMN call_up_pending boolean NOT NULL DEFAULT false,
  ADD COLUMN department_code text REFERENCES departments (code),
  ADD COLUMN stage_started_at timestamptz,
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);
CREATE INDEX incidents_status_idx ON incidents (status, reported_at DESC);

-- Every step of every case: who, when, from → to, note. Append-only for the application (re-seeding the
-- city may truncate it with the incidents).
CREATE TABLE incident_events (
  id          bigserial PRIMARY KEY,
  incident_id integer NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL DEFAULT now(),
  account_id  integer,
  actor       text NOT NULL,      -- username, or the channel for intake (12345, 随手拍 …), or 'system'
  role        text,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  note        text,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, id);
CREATE FUNCTION incident_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER incident_events_no_update BEFORE UPDATE OR DELETE ON incident_events FOR EACH ROW EXECUTE FUNCTION incident_events_append_only();
