/**
 * Writing cases: intake, workflow steps, escalations. Every write runs in one transaction that changes the
 * case, appends its event, stores the deadline of the stage it is now in, and records the change in the
 * outbox (last, see changes.ts); after COMMIT the incidents tiles are invalidated and the change feed woken.
 * Used alike by tRPC (operators), the public intake routes (随手拍, Open311), the escalation sweep and the
 * simulator.
 */
import type pg from 'pg';
import { TRPCError } from '@trpc/server';
import { query, queryOne, type Queryable } from '../sql';
import type { IncidentRow, IntakeRow } from '../sql/rows';
import { writeAudit, type SessionUser } from '../auth/session';
import { inScope } from '../auth/roles';
import { apply, refusal, TRANSITIONS, type CaseAction, type CaseState, type TransitionRule, allowedActions } from './workflow';
import { slaOf, workCalendar } from './sla';
import { dueAt } from './calendar';
import type { CaseStatus } from '../../tiles/domain/cases';
import { recordChange, type ChangeFeed } from './changes';
import { inTransaction } from '../db/transaction';
import type { TileService } from '../../tiles/tile-service';

/** What a case write needs from the app. */
export interface CaseWriter {
  pool: pg.Pool;
  tiles: TileService;
  changes?: ChangeFeed;
}

/** After COMMIT: the incidents tiles are stale and subscribers have something new. */
export function afterCaseCommit(app: CaseWriter): void {
  void app.tiles.markChanged('incidents');
  app.changes?.poke();
}

/**
 * The end of every case write, inside its transaction: store the deadline of the stage the case is in now
 * and record the change in the outbox. Returns the case's deadline row, its deadline and the calendar.
 */
export async function finishCaseWrite(client: pg.PoolClient, incidentId: number, action: string, options: { restartClock?: boolean } = {}) {
  const [row] = await query(client, 'incident-by-id', [incidentId]);
  const now = new Date();
  const calendar = await workCalendar(client);
  const sla = slaOf(row, now, calendar);
  // An escalated case keeps its overdue deadline on show, but the level it went to gets the stage's limit anew.
  const due = sla && options.restartClock ? dueAt(now, sla.limit, calendar).toISOString() : sla?.dueAt ?? null;
  await client.query('UPDATE incidents SET stage_due_at = $2 WHERE id = $1', [incidentId, due]);
  // The incidents tiles' version is the newest change id (see app.ts): no shared counter row to update.
  await recordChange(client, incidentId, action);
  return { row, sla, calendar };
}

export interface NewCase {
  typeCode: string;
  source: string;
  priority: number;
  description: string;
  lng: number;
  lat: number;
}

/** The grid that holds a point, or a 400 naming the point. */
export async function gridAt(client: Queryable, lng: number, lat: number): Promise<string> {
  const grid = (await queryOne(client, 'grid-at', [lng, lat]))?.code;
  if (!grid) throw new TRPCError({ code: 'BAD_REQUEST', message: `lng/lat: ${lng}, ${lat} is not inside any grid of the city` });
  return grid;
}

export async function assertCaseType(client: Queryable, typeCode: string): Promise<void> {
  const type = await client.query('SELECT 1 FROM incident_types WHERE code = $1', [typeCode]);
  if (!type.rows.length) throw new TRPCError({ code: 'BAD_REQUEST', message: `typeCode: no case type ${typeCode}` });
}

export interface IntakeInput extends NewCase {
  /** The operator taking it in (registered at once), or null for a report waiting to be accepted. */
  registeredBy: SessionUser | null;
  /** Only a point in a grid under this prefix is accepted ('' for the whole city). */
  scope: string;
  trackingNo?: string | null;
  /** SHA-256 of the reporter's token (rating, own photo), stored instead of the token. */
  tokenHash?: Buffer | null;
  name?: string | null;
  phone?: string | null;
  idempotencyKey?: string | null;
  photo?: { contentType: string; bytes: Buffer } | null;
  mediaUrl?: string | null;
}

export type IntakeResult =
  | { repeated: false; id: number; caseNo: string; status: CaseStatus; version: number; gridCode: string; row: IntakeRow }
  | { repeated: true };

/**
 * A new case in one statement (api/sql/intake.sql), on the pool or inside a caller's transaction. Bad input is
 * refused with the reason (unknown type, no grid there, outside the scope); a used idempotency key gives
 * `{ repeated: true }`. Call afterCaseCommit once committed.
 */
export async function intakeCase(db: Queryable, input: IntakeInput): Promise<IntakeResult> {
  const u = input.registeredBy;
  const [r] = await query(db, 'intake', [
    input.typeCode, input.source, input.priority, input.description, input.lng, input.lat,
    u?.id ?? null, u?.username ?? null, u?.role ?? null, input.trackingNo ?? null, input.name ?? null, input.phone ?? null,
    input.idempotencyKey ?? null, input.photo?.contentType ?? null, input.photo?.bytes ?? null, input.mediaUrl ?? null, input.scope,
    input.tokenHash ?? null,
  ]);
  if (r) return { repeated: false, id: r.id, caseNo: r.case_no, status: r.status, version: r.version, gridCode: r.grid_code, row: r };
  // Nothing made: say why.
  if (input.idempotencyKey) {
    const used = await db.query('SELECT 1 FROM intake_keys WHERE key = $1', [input.idempotencyKey]);
    if (used.rows.length) return { repeated: true };
  }
  await assertCaseType(db, input.typeCode);
  const grid = await gridAt(db, input.lng, input.lat);
  throw new TRPCError({ code: 'FORBIDDEN', message: `location ${input.lng}, ${input.lat} (grid ${grid}) lies outside your scope ${input.scope} (${u?.scopeName ?? input.scope})` });
}

/** Department handlers work the cases assigned to their department; everyone else the cases of their area. */
export function departmentFilter(user: SessionUser): string | null {
  return user.role === 'department_handler' ? user.departmentCode : null;
}

/** Actions a grid member may not take on a case assigned to a department: those are the department's. */
const DEPARTMENT_WORK: readonly CaseAction[] = ['take', 'return', 'report'];

export function actionsFor(user: SessionUser, state: CaseState, departmentCode: string | null): CaseAction[] {
  return allowedActions(state, user.role).filter((a) => !(user.role === 'grid_worker' && departmentCode && DEPARTMENT_WORK.includes(a)));
}

export interface ActInput {
  id: number;
  version: number;
  action: CaseAction;
  note?: string;
  reason?: string;
  departmentCode?: string;
  rating?: number;
  intoId?: number;
}

export interface ActResult {
  id: number;
  caseNo: string;
  status: CaseStatus;
  level: CaseState['level'];
  callUpPending: boolean;
  departmentCode: string | null;
  version: number;
  allowedActions: CaseAction[];
}

function refuse(code: TRPCError['code'], message: string): never {
  throw new TRPCError({ code, message });
}

/**
 * One step of the closed loop by a user. The case is locked, checked (scope, department, version, the
 * workflow's rules), changed and logged in one transaction; a caller holding an old version gets CONFLICT.
 */
export async function actOnCase(app: CaseWriter, user: SessionUser, ip: string, input: ActInput): Promise<ActResult> {
  const rule: TransitionRule = TRANSITIONS[input.action];
  for (const need of rule.needs ?? []) {
    if (need === 'reason' && !input.reason) refuse('BAD_REQUEST', `reason: ${input.action} needs a reason`);
    if (need === 'note' && !input.note) refuse('BAD_REQUEST', `note: ${input.action} needs a note on what was done`);
    if (need === 'rating' && input.rating === undefined) refuse('BAD_REQUEST', `rating: ${input.action} needs a rating from 1 to 5`);
    if (need === 'into' && input.intoId === undefined) refuse('BAD_REQUEST', `intoId: ${input.action} needs the case to merge into`);
  }
  const result = await inTransaction(app.pool, async (client) => {
    const c = await queryOne(client, 'incident-for-update', [input.id]);
    if (!c) refuse('NOT_FOUND', `no case with id ${input.id}`);
    const where = (code: string, what: string) => {
      if (!inScope(user.scopeCode, code)) refuse('FORBIDDEN', `${what} lies outside your scope ${user.scopeCode} (${user.scopeName})`);
    };
    where(c.grid_code, 'the case');
    if (user.role === 'department_handler' && c.department_code !== user.departmentCode) {
      refuse('FORBIDDEN', `the case is not assigned to your department (${user.departmentName ?? user.departmentCode})`);
    }
    if (c.version !== input.version) {
      refuse('CONFLICT', `case ${c.case_no} changed since you loaded it (your version ${input.version}, now ${c.version}); reload it and try again`);
    }
    const state: CaseState = { status: c.status, level: c.level, callUpPending: c.call_up_pending };
    const why = refusal(state, input.action, user.role);
    if (why) refuse(rule.roles.includes(user.role) ? 'PRECONDITION_FAILED' : 'FORBIDDEN', `case ${c.case_no}: ${why}`);
    if (user.role === 'grid_worker' && c.department_code && DEPARTMENT_WORK.includes(input.action)) {
      refuse('FORBIDDEN', `case ${c.case_no} is assigned to ${c.department_code}: the department takes and reports it`);
    }
    const next = apply(state, input.action, user.role);
    let department: string | null = c.department_code;
    let rating: number | null = null;
    let mergedInto: number | null = null;
    const detail: Record<string, unknown> = {};
    if (input.action === 'dispatch') {
      department = input.departmentCode ?? c.suggested_department;
      if (!department) refuse('BAD_REQUEST', `departmentCode: no responsible unit is known for case ${c.case_no} in its district; name one`);
      const d = await client.query('SELECT 1 FROM departments WHERE code = $1', [department]);
      if (!d.rows.length) refuse('BAD_REQUEST', `departmentCode: no department ${department}`);
      Object.assign(detail, { departmentCode: department, suggested: c.suggested_department, overridden: Boolean(input.departmentCode && input.departmentCode !== c.suggested_department) });
    }
    if (input.action === 'return') department = null;
    if (input.action === 'rate') {
      rating = input.rating!;
      detail.rating = rating;
    }
    if (input.action === 'merge') {
      if (input.intoId === input.id) refuse('BAD_REQUEST', 'intoId: a case cannot be merged into itself');
      const into = await client.query<Pick<IncidentRow, 'id' | 'case_no' | 'grid_code' | 'status' | 'type_code'>>('SELECT id, case_no, grid_code, status, type_code FROM incidents WHERE id = $1', [input.intoId]);
      const target = into.rows[0];
      if (!target) refuse('BAD_REQUEST', `intoId: no case with id ${input.intoId}`);
      where(target.grid_code, 'the case to merge into');
      if (['merged', 'rejected'].includes(target.status)) refuse('BAD_REQUEST', `intoId: case ${target.case_no} is ${target.status}; merge into a live case`);
      if (target.type_code !== c.type_code) refuse('BAD_REQUEST', `intoId: case ${target.case_no} is of another type (${target.type_code}, not ${c.type_code})`);
      detail.into = target.case_no;
      mergedInto = target.id;
      // The reporters (and their tracking numbers) follow the case they now wait on.
      const moved = await client.query('UPDATE incident_reporters SET incident_id = $2 WHERE incident_id = $1 RETURNING tracking_no', [c.id, target.id]);
      await client.query('UPDATE incident_photos SET incident_id = $2 WHERE incident_id = $1', [c.id, target.id]);
      await query(client, 'incident-event-insert', [target.id, user.id, user.username, user.role, 'merged_in', target.status, target.status, null,
        JSON.stringify({ from: c.case_no, reporters: moved.rows.length })]);
    }
    if (input.action === 'call_up') detail.level = next.level;
    const restarts = next.status !== state.status || input.action === 'call_up';
    const [updated] = await query(client, 'incident-transition', [
      c.id, next.status, next.level, next.callUpPending, department, rating, restarts,
    ]);
    if (mergedInto) await client.query('UPDATE incidents SET merged_into = $2 WHERE id = $1', [c.id, mergedInto]);
    const note = input.reason ?? input.note ?? null;
    await query(client, 'incident-event-insert', [c.id, user.id, user.username, user.role, input.action, state.status, next.status, note, JSON.stringify(detail)]);
    await writeAudit(client, user, ip, { action: 'incident.act', targetType: 'incident', targetId: c.id, areaCode: c.grid_code, detail: { action: input.action, from: state.status, to: next.status } });
    if (mergedInto) await finishMergeTarget(client, mergedInto);
    await finishCaseWrite(client, c.id, input.action, { restartClock: input.action === 'call_up' });
    return {
      id: c.id,
      caseNo: c.case_no,
      status: next.status,
      level: next.level,
      callUpPending: next.callUpPending,
      departmentCode: department,
      version: updated.version,
      allowedActions: actionsFor(user, next, department),
    };
  });
  afterCaseCommit(app);
  return result;
}

/** A case that received another's reporters changed too: a new version and a change of its own. */
async function finishMergeTarget(client: pg.PoolClient, id: number): Promise<void> {
  await client.query('UPDATE incidents SET version = version + 1 WHERE id = $1', [id]);
  await recordChange(client, id, 'merged_in');
}
