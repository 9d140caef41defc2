/**
 * THE permission table: who may call each tRPC procedure and how its data is limited to the caller's
 * area scope. The server enforces the role column for every procedure from this table (a procedure
 * without an entry is refused), the procedures enforce the scope rule named here, the permission-matrix
 * test is generated from it and the README's table is checked against it.
 */
import { ROLES, type Role } from '../../tiles/domain/roles';

/** How a procedure's data is limited to the caller's scope. */
export type ScopeRule =
  | 'none' // nothing area-bound (own session, configuration)
  | 'area' // the target area must lie in the scope; areas above it are allowed as aggregates, others refused
  | 'record' // the target record must lie in the scope, else FORBIDDEN
  | 'filter'; // lists and searches return only rows in the scope

export interface Permission {
  /** 'public': anyone, no account; 'signed-in': every role; or the roles allowed. */
  who: 'public' | 'signed-in' | readonly Role[];
  scope: ScopeRule;
  /** One line for the README table. */
  what: string;
}

export const PERMISSIONS = {
  'system.config': { who: 'public', scope: 'none', what: 'map style, seed summary' },
  'auth.login': { who: 'public', scope: 'none', what: 'password login; sets the session cookie' },
  'auth.displayLogin': { who: 'public', scope: 'none', what: "a wall display's token exchanged for a session (30 days); sets the session cookie; refused alike when unknown or revoked" },
  'auth.me': { who: 'public', scope: 'none', what: 'the current account, or null' },
  'auth.logout': { who: 'public', scope: 'none', what: 'ends the session' },
  'area.get': { who: 'signed-in', scope: 'area', what: 'area detail and figures' },
  'area.search': { who: 'signed-in', scope: 'filter', what: 'areas and buildings by name, code, address' },
  'building.byId': { who: 'signed-in', scope: 'record', what: 'the building card' },
  'incident.list': { who: 'signed-in', scope: 'area', what: 'cases of an area with deadlines (department handlers: their department)' },
  'incident.byId': { who: 'signed-in', scope: 'record', what: 'a case, its event log, deadline and the actions the caller may take (planners and displays: without reporters, photos or description)' },
  'incident.create': { who: ['district_operator', 'street_operator', 'grid_worker'], scope: 'record', what: 'operator intake (12345 call, patrol), registered at once; idempotency key' },
  'incident.duplicates': { who: ['district_operator', 'street_operator'], scope: 'record', what: 'live cases of the same type nearby and close in time: candidates to merge' },
  'incident.act': {
    who: ['district_operator', 'street_operator', 'department_handler', 'grid_worker'],
    scope: 'record',
    what: 'one step of the closed loop, as the workflow allows the role; optimistic concurrency',
  },
  'incident.timeline': { who: 'signed-in', scope: 'area', what: "time playback: an area's cases live at the window's start, their steps in the window (at most 7 days) and the alarms live in it; positions and statuses only (department handlers: their department)" },
  'incident.live': { who: 'signed-in', scope: 'area', what: 'case changes of an area as they happen (SSE), resumable by the last change id within 24 h; ends with the session' },
  'metrics.kpis': { who: 'signed-in', scope: 'area', what: "an area's KPIs for a period, the period before and a year before, and every sub-area's (the ranking)" },
  'metrics.trend': { who: 'signed-in', scope: 'area', what: "an area's KPIs per day, week or month of a period" },
  'metrics.departments': { who: 'signed-in', scope: 'area', what: 'the responsible units working in an area, ranked by their KPIs there' },
  'metrics.hotspots': { who: 'signed-in', scope: 'area', what: 'where cases were reported in a period: counts on a square grid' },
  'device.byId': { who: 'signed-in', scope: 'record', what: 'a device card: kind, state, latest values, recent alarms' },
  'device.telemetry': { who: 'signed-in', scope: 'record', what: "a device's telemetry, last 24 h or 7 d, bucketed" },
  'alarm.list': { who: 'signed-in', scope: 'area', what: "alarms of an area (devices, video analytics, offline), with their cases (department handlers: only alarms of their department's cases)" },
  'alarm.ack': { who: ['district_operator', 'street_operator', 'grid_worker'], scope: 'record', what: 'acknowledge an open alarm; audited' },
  'camera.byId': { who: 'signed-in', scope: 'record', what: 'a camera card: view cone, live view (HLS or demo frame), video alarms' },
  'parking.nearestFree': { who: 'public', scope: 'none', what: 'lots with free spaces nearest a point by road distance, with routes; anonymous callers rate-limited' },
  'parking.byId': { who: 'public', scope: 'none', what: "a parking lot's occupancy and its last 24 h; anonymous callers rate-limited" },
  'planning.isochrone': { who: 'signed-in', scope: 'none', what: 'the areas reached on foot from a point within 5/10/15 (1–60) minutes, along the streets' },
  'planning.coverage': { who: 'signed-in', scope: 'area', what: "target-group people within a facility type's walking reach in an area and its sub-areas, gap cells, facility loads; a scenario's difference (counts only)" },
  'planning.suggest': { who: 'signed-in', scope: 'area', what: 'the sites that add the most covered people (maximal covering, existing facilities kept)' },
  'planning.scenario.create': { who: ['planner', 'admin'], scope: 'area', what: 'a named what-if of one facility type in an area; audited' },
  'planning.scenario.list': { who: 'signed-in', scope: 'filter', what: 'scenarios of areas in scope' },
  'planning.scenario.get': { who: 'signed-in', scope: 'record', what: 'a scenario and its edits' },
  'planning.scenario.update': { who: ['planner', 'admin'], scope: 'record', what: 'rename or replace the edits (add, move, close); optimistic concurrency; audited' },
  'planning.scenario.delete': { who: ['planner', 'admin'], scope: 'record', what: 'delete a scenario (real facilities never change); audited' },
  'residents.list': {
    who: ['leader', 'district_operator', 'street_operator', 'grid_worker'],
    scope: 'area',
    what: 'special groups of an area, masked (脱敏)',
  },
  'residents.reveal': { who: ['district_operator', 'street_operator', 'grid_worker'], scope: 'record', what: 'one resident unmasked, with a reason; audited' },
  'audit.list': { who: ['auditor', 'admin'], scope: 'filter', what: 'the audit log of actors in scope (city scope: also failed logins of unknown names)' },
  'admin.accounts': { who: ['admin'], scope: 'filter', what: 'accounts in scope' },
  'admin.createAccount': { who: ['admin'], scope: 'record', what: 'new account with role and scope' },
  'admin.updateAccount': { who: ['admin'], scope: 'record', what: 'role, scope, password, disable' },
  'admin.createDisplay': { who: ['admin'], scope: 'record', what: 'a wall display of an area in scope: its account (role display) and its sign-in URL, shown once; audited' },
  'admin.displays': { who: ['admin'], scope: 'filter', what: 'wall displays of areas in scope, last seen, revoked; never their tokens' },
  'admin.updateDisplay': { who: ['admin'], scope: 'record', what: 'rename a display, change its scenes, fit and alert time; audited' },
  'admin.revokeDisplay': { who: ['admin'], scope: 'record', what: 'end a display: its account disabled, its sessions and live streams ended; audited' },
  'wall.config': { who: 'signed-in', scope: 'none', what: "a display's area, scenes, fit and alert time; for staff a preview of their own scope" },
} as const satisfies Record<string, Permission>;

export type ProcedurePath = keyof typeof PERMISSIONS;

export function permissionOf(path: string): Permission | undefined {
  return (PERMISSIONS as Record<string, Permission>)[path];
}

/** Whether a caller (null = anonymous) passes a procedure's role column. */
export function roleAllowed(permission: Permission, role: Role | null): boolean {
  if (permission.who === 'public') return true;
  if (!role) return false;
  return permission.who === 'signed-in' || permission.who.includes(role);
}

export const ALL_ROLES: readonly Role[] = ROLES;
