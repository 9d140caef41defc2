/**
 * The rows of the queries in this folder, declared once per query and keyed by the file's name (SqlRows),
 * so that `query(db, 'alarm-list', [...])` (api/sql.ts) returns AlarmListRow[]. Column types are what `pg`
 * returns (api/db/database.ts): integer, smallint, bigint, numeric, real and double precision → number,
 * timestamptz → Date, json/jsonb → parsed, bytea → Buffer, arrays → arrays. A text column with a CHECK
 * constraint may be declared as its union of values.
 */
import type { Polygon } from 'geojson';
import type { AreaLevel } from '../schemas';
import type { Role } from '../../tiles/domain/roles';
import type { CaseLevel, CaseStatus } from '../../tiles/domain/cases';
import type { AlarmStatus, DeviceKind, LastValue, Severity } from '../../tiles/domain/sensing';
import type { ServiceType } from '../../tiles/domain/planning';
import type { WallFit, WallScene } from '../../tiles/domain/wall';
import type { ScenarioEdit } from '../planning/types';
import type { SlaRow } from '../cases/sla';
import type { CaseChange } from '../cases/changes';

type Absent<T> = { [K in keyof T]: null };
/** The columns of a LEFT JOIN: all there, or all null when nothing matched (test the key for null). */
export type Joined<T> = T | Absent<T>;
/** Exactly one of two sources: the columns of the other are null. */
export type EitherOf<A, B> = (A & Absent<B>) | (Absent<A> & B);
/** A statement that returns no rows. */
type NoRows = never;

// ─── accounts and sessions ──────────────────────────────────────────────────────────────────────────────

/** Who an account is: what the account list and a session's user have in common. */
export interface AccountColumns {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  scope_code: string;
  scope_name: string;
  department_code: string | null;
}

export interface AccountListRow extends AccountColumns {
  disabled: boolean;
  is_demo: boolean;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface AccountRightsRow {
  id: number;
  role: Role;
  scope_code: string;
  department_code: string | null;
  disabled: boolean;
}

export interface LoginAccountRow {
  id: number;
  username: string;
  role: Role;
  scope_code: string;
  password_hash: string;
  disabled: boolean;
  is_demo: boolean;
  failed_logins: number;
  locked_until: Date | null;
}

export interface SessionUserRow extends AccountColumns {
  department_name: string | null;
  csrf_token: string;
  expires_at: Date;
}

export interface AuditListRow {
  id: number;
  at: Date;
  username: string | null;
  role: string | null;
  scope_code: string | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  area_code: string | null;
  detail: Record<string, unknown>;
  total: number;
}

// ─── wall displays ──────────────────────────────────────────────────────────────────────────────────────

/** How a display tours and fits its screen. */
interface DisplaySetup {
  id: number;
  name: string;
  area_code: string;
  area_name: string;
  scenes: WallScene[];
  fit: WallFit;
  takeover_s: number;
}

export interface DisplayListRow extends DisplaySetup {
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

// ─── areas, buildings, residents ────────────────────────────────────────────────────────────────────────

interface AreaInventory {
  code: string;
  name: string;
  level: AreaLevel;
  households: number;
  population: number;
  building_count: number;
  facility_count: number;
  lng: number;
  lat: number;
}

export interface AreaRow extends AreaInventory {
  parent_code: string | null;
  w: number;
  s: number;
  e: number;
  n: number;
}

export interface AreaLiveRow {
  code: string;
  open_incidents: number;
  cameras_total: number;
  cameras_online: number;
  parking_capacity: number;
  parking_free: number;
  devices_total: number;
  devices_online: number;
  alarms_open: number;
}

export interface BuildingRow {
  id: number;
  name: string | null;
  address: string;
  doorplate: string;
  use: string;
  floors: number;
  height: number;
  built_year: number;
  households: number;
  pop_0_14: number;
  pop_15_59: number;
  pop_60_plus: number;
  grid_code: string;
  lng: number;
  lat: number;
  footprint: Polygon;
}

export interface ResidentRow {
  id: number;
  name: string;
  gender: 'F' | 'M';
  birth_year: number;
  phone: string;
  id_number: string;
  category: string;
  care_note: string;
  grid_code: string;
  grid_name: string;
  building_id: number;
  address: string;
}

// ─── cases ──────────────────────────────────────────────────────────────────────────────────────────────

/** What a case list row and a case have in common. */
export interface CaseSummaryRow extends SlaRow {
  id: number;
  case_no: string;
  type_code: string;
  type_name: string;
  type_name_en: string;
  major: string;
  source: string;
  status: CaseStatus;
  priority: number;
  grid_code: string;
  reported_at: Date;
  level: CaseLevel;
  call_up_pending: boolean;
  department_code: string | null;
  lng: number;
  lat: number;
}

export interface IncidentListRow extends CaseSummaryRow {
  total: number;
}

export interface IncidentRow extends CaseSummaryRow {
  category: string;
  description: string;
  closed_at: Date | null;
  department_name: string | null;
  version: number;
  rating: number | null;
  merged_into: number | null;
  closure_condition: string | null;
}

export interface IncidentForUpdateRow {
  id: number;
  case_no: string;
  type_code: string;
  status: CaseStatus;
  level: CaseLevel;
  call_up_pending: boolean;
  department_code: string | null;
  grid_code: string;
  version: number;
  suggested_department: string | null;
}

export interface IntakeRow extends SlaRow {
  id: number;
  case_no: string;
  status: CaseStatus;
  version: number;
  grid_code: string;
}

/** A case live at the start of a playback window, as it stood then. */
export interface TimelineCaseRow {
  case_id: number;
  case_no: string;
  status: CaseStatus;
  type_code: string;
  lng: number;
  lat: number;
  at: Date;
}

/** One step of a case in a playback window: what changed, when and where, nothing personal. */
export interface TimelineEventRow {
  id: number;
  at: Date;
  case_id: number;
  case_no: string;
  action: string;
  from_status: CaseStatus | null;
  status: CaseStatus;
  type_code: string;
  lng: number;
  lat: number;
}

export interface CaseEventRow {
  id: number;
  at: Date;
  actor: string;
  role: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  note: string | null;
}

/** A public report (a reporter's tracking number) with the case it is handled in. */
export interface PublicReportRow extends SlaRow {
  tracking_no: string;
  reporter_description: string;
  reporter_at: Date;
  token_hash: Buffer | null;
  id: number;
  case_no: string;
  status: CaseStatus;
  type_code: string;
  type_name: string;
  type_name_en: string;
  rating: number | null;
  photo_count: number;
  department_name: string | null;
  lng: number;
  lat: number;
  updated_at: Date | null;
  address: string | null;
  /** The reporter sent a photo with the report (not a link). */
  own_photo: boolean;
}

export interface IncidentTypeRow {
  code: string;
  name: string;
  name_en: string;
  major: string;
  category: string;
}

export interface SimulatorAccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  department_code: string | null;
  department_name: string | null;
}

// ─── sensing ────────────────────────────────────────────────────────────────────────────────────────────

interface AlarmCore {
  id: number;
  rule: string;
  message: string;
  last_at: Date;
  occurrences: number;
}

export type AlarmListRow = AlarmCore & {
  severity: Severity;
  status: AlarmStatus;
  value: number | null;
  grid_code: string;
  first_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  closed_at: Date | null;
  lng: number;
  lat: number;
  total: number;
} & EitherOf<
    { device_id: number; device_code: string; device_name: string; device_kind: string },
    { camera_id: number; camera_code: string; camera_name: string }
  > &
  Joined<{ incident_id: number; case_no: string; case_status: string }>;

/** The recent alarms on a device's or a camera's card. */
export interface SourceAlarmRow extends AlarmCore {
  severity: string;
  status: string;
  first_at: Date;
  incident_id: number | null;
  case_no: string | null;
}

/** The alarm that opened a case, with its source's code. */
export type CaseAlarmRow = AlarmCore & {
  severity: string;
  status: string;
  first_at: Date;
  source_code: string;
} & EitherOf<{ device_id: number }, { camera_id: number }>;

export interface RaisedAlarmRow {
  id: number;
  incident_id: number | null;
  occurrences: number;
  created: boolean;
}

export interface CameraRow {
  id: number;
  code: string;
  name: string;
  kind: 'fixed' | 'dome' | 'ai';
  status: 'online' | 'offline';
  owner: string;
  direction: number;
  fov: number;
  range_m: number;
  hls_url: string | null;
  last_seen_at: Date | null;
  grid_code: string;
  lng: number;
  lat: number;
  cone: Polygon;
}

/** What the demo live view draws, and the camera's scope and state. */
export interface FrameCameraRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  status: string;
  direction: number;
  grid_code: string;
}

export type DeviceRow = {
  id: number;
  code: string;
  name: string;
  kind: DeviceKind;
  status: 'online' | 'offline';
  grid_code: string;
  heartbeat_s: number;
  installed_at: Date;
  last_seen_at: Date | null;
  last_values: Record<string, LastValue>;
  lng: number;
  lat: number;
} & Joined<{ building_id: number; building_address: string; building_built_year: number }> &
  Joined<{ parking_id: number; parking_name: string; parking_capacity: number; parking_occupied: number }>;

/** A device of a telemetry batch, locked for its transaction. */
export interface LockedDeviceRow {
  id: number;
  code: string;
  name: string;
  kind: DeviceKind;
  status: string;
  grid_code: string;
  last_values: Record<string, LastValue>;
  parking_id: number | null;
  capacity: number | null;
  lng: number;
  lat: number;
}

export interface TelemetryBucketRow {
  metric: number;
  bucket: Date;
  avg: number;
  min: number;
  max: number;
  sum: number;
  n: number;
}

export type ParkingRow = {
  id: number;
  name: string;
  kind: 'lot' | 'garage' | 'street';
  capacity: number;
  occupied: number;
  grid_code: string;
  lng: number;
  lat: number;
  /** [time (ms), occupied spaces] per hour. */
  history: [number, number][];
} & Joined<{ device_id: number; device_code: string; device_status: string; last_seen_at: Date | null }>;

export interface ParkingCandidateRow {
  id: number;
  name: string;
  kind: string;
  capacity: number;
  free: number;
  lng: number;
  lat: number;
  straight_m: number;
}

/** Every query in api/sql/ by its file name, with its row. */
/** The daily rollup's counts (case_daily, migration 007), summed. */
export interface RollupSums {
  reported: number;
  registered: number;
  dispatched: number;
  closed_of_reported: number;
  closed: number;
  closed_on_time: number;
  handled_on_time: number;
  reworked: number;
  handling_minutes: number;
  hb0: number;
  hb1: number;
  hb2: number;
  hb3: number;
  hb4: number;
  hb5: number;
  hb6: number;
  hb7: number;
  rated: number;
  rating_sum: number;
  rating_good: number;
  escalations: number;
  call_ups: number;
}

export interface SqlRows {
  'account-by-id': AccountRightsRow;
  'account-for-login': LoginAccountRow;
  'account-insert': { id: number };
  'account-login-attempt': LoginAccountRow;
  'account-update': NoRows;
  'accounts-list': AccountListRow;
  'alarm-ack': { acknowledged_at: Date };
  'alarm-by-id': { id: number; grid_code: string; status: AlarmStatus; rule: string };
  'alarm-counts': { status: AlarmStatus; severity: Severity; n: number };
  'alarm-link-case': NoRows;
  'alarm-list': AlarmListRow;
  'alarm-raise': RaisedAlarmRow;
  'alarms-close-resolved': { closed: number };
  'area-ancestors': { code: string; name: string; level: AreaLevel };
  'area-by-code': AreaRow;
  'area-children': AreaInventory;
  'area-live-figures': AreaLiveRow;
  'area-name': { name: string };
  'area-search': { code: string; name: string; level: AreaLevel; path: string | null };
  'areas-by-codes': { code: string; name: string; level: string };
  'audit-insert': NoRows;
  'audit-list': AuditListRow;
  'building-by-id': BuildingRow;
  'building-devices': { id: number; code: string; kind: string; status: string; alarm: boolean };
  'building-geocode': { lng: number; lat: number; address: string };
  'building-nearby-facilities': { id: number; name: string; kind: string; distance_m: number };
  'building-recent-incidents': { id: number; case_no: string; type_name: string; major: string; source: string; status: string; reported_at: Date; distance_m: number };
  'building-search': { id: number; name: string; address: string; doorplate: string; lng: number; lat: number };
  'camera-alarms': SourceAlarmRow;
  'camera-by-id': CameraRow;
  'camera-for-frame': FrameCameraRow;
  'cameras-lock': { id: number; code: string; name: string; lng: number; lat: number };
  'cameras-seen': NoRows;
  'device-alarms': SourceAlarmRow;
  'device-by-id': DeviceRow;
  'device-scope': { grid_code: string; code: string; kind: DeviceKind };
  'device-telemetry': TelemetryBucketRow;
  'devices-lock': LockedDeviceRow;
  'devices-offline': { offline: number; alarms: number };
  'devices-report': { id: number };
  'display-by-id': { id: number; account_id: number; name: string; area_code: string; revoked_at: Date | null };
  'display-for-account': DisplaySetup;
  'display-insert': { id: number; account_id: number };
  'display-login': { id: number; name: string; area_code: string; account_id: number; username: string; role: Role; scope_code: string };
  'display-revoke': { revoked_at: Date; sessions_ended: number };
  'display-update': { id: number };
  'displays-list': DisplayListRow;
  'grid-at': { code: string };
  'incident-alarm': CaseAlarmRow;
  'incident-by-id': IncidentRow;
  'incident-change-insert': NoRows;
  'incident-changes-after': Omit<CaseChange, 'at'> & { at: Date };
  'incident-changes-backlog': { id: number };
  'incident-changes-floor': { floor: number };
  'incident-changes-sequence': { last: number | null };
  'incident-deadline-missing': SlaRow & { id: number };
  'incident-duplicates': { id: number; case_no: string; status: CaseStatus; reported_at: Date; grid_code: string; distance_m: number; minutes_apart: number };
  'incident-escalate': NoRows;
  'incident-event-insert': { id: number };
  'incident-events': CaseEventRow;
  'incident-for-update': IncidentForUpdateRow;
  'incident-grid': { case_no: string; grid_code: string };
  'incident-list': IncidentListRow;
  'incident-overdue': { id: number; case_no: string; status: CaseStatus; level: CaseLevel; stage_due_at: Date };
  'incident-photos': { id: number; content_type: string; url: string | null };
  'incident-reopen': NoRows;
  'incident-timeline-alarms': { id: number; severity: Severity; rule: string; lng: number; lat: number; first_at: Date; closed_at: Date | null };
  'incident-timeline-events': TimelineEventRow;
  'incident-timeline-initial': TimelineCaseRow;
  'incident-reporters': { tracking_no: string; channel: string; name: string | null; phone: string | null; description: string; reported_at: Date };
  'incident-transition': { version: number };
  'incident-types': IncidentTypeRow;
  'incident-units': { code: string; name: string; name_en: string; suggested: boolean };
  intake: IntakeRow;
  'intake-key-case': { id: number; case_no: string; status: CaseStatus; version: number };
  'parking-by-id': ParkingRow;
  'parking-candidates': ParkingCandidateRow;
  'photo-by-id': { content_type: string; bytes: Buffer; grid_code: string; department_code: string | null };
  'public-reports': PublicReportRow;
  'readings-insert': { inserted: number };
  'report-for-rating': { id: number; case_no: string; status: CaseStatus; rating: number | null; token_hash: Buffer | null };
  'report-photo': { token_hash: Buffer | null } & Joined<{ content_type: string; bytes: Buffer }>;
  'report-token-renew': { tracking_no: string };
  'resident-by-id': ResidentRow;
  'residents-list': ResidentRow & { total: number };
  'session-insert': NoRows;
  'session-user': SessionUserRow;
  'simulator-account-insert': NoRows;
  'simulator-accounts': SimulatorAccountRow;
  'simulator-alarm-source': { id: number; code: string; kind: DeviceKind; last_values: Record<string, LastValue> };
  'simulator-camera': { code: string };
  'simulator-devices-due': { id: number; code: string; kind: DeviceKind; last_values: Record<string, LastValue>; capacity: number | null };
  'simulator-random-point': { grid_code: string; lng: number; lat: number; type_code: string; type_name: string };
  'simulator-working': { id: number; status: CaseStatus; level: CaseLevel; call_up_pending: boolean; department_code: string | null; rating: number | null; version: number; waited: number };
  'metrics-sums': RollupSums & { period: 'current' | 'previous' | 'lastYear'; child: string | null };
  'metrics-by-source': { source: string; reported: number };
  'metrics-top-types': { type_code: string; name: string; name_en: string; reported: number };
  'metrics-trend': RollupSums & { bucket: string };
  'metrics-departments': RollupSums & { code: string; name: string; name_en: string };
  'metrics-overdue-now': { child: string | null; overdue_now: number };
  'metrics-hotspots': { lng: number; lat: number; count: number };
  'planning-buildings': { id: number; grid_code: string; public: boolean; lng: number; lat: number; pop_3_5: number; pop_6_11: number; pop_12_14: number; pop_60_plus: number; population: number };
  'planning-facilities': PlanningFacilityRow;
  'planning-facility-types': Omit<PlanningFacilityRow, 'grid_code'>;
  'planning-versions': { key: string };
  'planning-districts': { code: string };
  'planning-building-names': { id: number; name: string };
  'planning-area': { code: string; name: string; level: AreaLevel; children: { code: string; name: string }[] };
  'planning-scenario-insert': { id: number };
  'planning-scenario-by-id': PlanningScenarioRow;
  'planning-scenario-list': PlanningScenarioRow;
  'planning-scenario-update': { id: number };
  'planning-scenario-delete': NoRows;
  'rate-limit-take': { admitted: boolean; wait_s: number };
  'rate-limits-prune': NoRows;
  'loop-lease-take': { holder: string };
  'loop-lease-release': NoRows;
}

export interface PlanningFacilityRow {
  id: number;
  name: string;
  grid_code: string;
  capacity: number;
  lng: number;
  lat: number;
}

export interface PlanningScenarioRow {
  id: number;
  name: string;
  area_code: string;
  area_name: string | null;
  facility_type: ServiceType;
  edits: ScenarioEdit[];
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}
