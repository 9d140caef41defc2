import { TRPCError } from '@trpc/server';
import { router, procedure, notFound, forbidden, badRequest, caller, assertInScope, listArea } from '../trpc';
import { sql } from '../sql';
import { incidentActInputSchema, incidentByIdInputSchema, incidentCreateInputSchema, incidentDuplicatesInputSchema, incidentListInputSchema } from '../schemas';
import { writeAudit, type SessionUser } from '../auth/session';
import { allowedActions, apply, refusal, TRANSITIONS, type CaseAction, type CaseLevel, type CaseState, type CaseStatus, type TransitionRule } from '../cases/workflow';
import { slaOf, workCalendar, type SlaRow } from '../cases/sla';
import type { WorkCalendar } from '../cases/calendar';

/** Department handlers work the cases assigned to their department; everyone else the cases of their area. */
function departmentFilter(user: SessionUser): string | null {
  return user.role === 'department_handler' ? user.departmentCode : null;
}

/** Actions a grid member may not take on a case assigned to a department: those are the department's. */
const DEPARTMENT_WORK: readonly CaseAction[] = ['take', 'return', 'report'];

function actionsFor(user: SessionUser, state: CaseState, departmentCode: string | null): CaseAction[] {
  return allowedActions(state, user.role).filter((a) => !(user.role === 'grid_worker' && departmentCode && DEPARTMENT_WORK.includes(a)));
}


/** What a case list row and a case have in common, from their SQL rows. */
function caseSummary(r: Record<string, any>, now: Date, calendar: WorkCalendar) {
  return {
    id: r.id as number,
    caseNo: r.case_no as string,
    typeCode: r.type_code as string,
    typeName: r.type_name as string,
    typeNameEn: r.type_name_en as string,
    major: r.major as string,
    source: r.source as string,
    status: r.status as CaseStatus,
    priority: r.priority as number,
    gridCode: r.grid_code as string,
    reportedAt: new Date(r.reported_at).toISOString(),
    level: r.level as CaseLevel,
    callUpPending: r.call_up_pending as boolean,
    departmentCode: r.department_code as string | null,
    location: [r.lng, r.lat] as [number, number],
    sla: slaOf(r as SlaRow, now, calendar),
  };
}

export const incidentRouter = router({
  /** Cases of an area in scope (an area above one's scope lists one's own part), newest first, with deadlines. */
  list: procedure.input(incidentListInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const area = listArea(ctx, input.areaCode);
    const [{ rows }, calendar] = await Promise.all([
      ctx.pool.query(sql('incident-list'), [
        area,
        input.status ?? null,
        input.typeCode ?? null,
        input.source ?? null,
        input.from ?? null,
        input.to ?? null,
        departmentFilter(user),
        input.limit,
        input.offset,
      ]),
      workCalendar(ctx.pool),
    ]);
    const now = new Date();
    return {
      areaCode: area,
      total: (rows[0]?.total as number | undefined) ?? 0,
      items: rows.map((r) => caseSummary(r, now, calendar)),
    };
  }),

  /** One case with its event log, its current deadline and the actions the caller may take on it. */
  byId: procedure.input(incidentByIdInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const { rows } = await ctx.pool.query(sql('incident-by-id'), [input.id]);
    const r = rows[0];
    if (!r) throw notFound(`no case with id ${input.id}`);
    assertInScope(ctx, r.grid_code, `case ${r.case_no}`);
    const department = departmentFilter(user);
    if (user.role === 'department_handler' && r.department_code !== department) {
      throw forbidden(`case ${r.case_no} is not assigned to your department (${user.departmentName ?? department})`);
    }
    const [events, calendar] = await Promise.all([ctx.pool.query(sql('incident-events'), [input.id]), workCalendar(ctx.pool)]);
    return {
      ...caseSummary(r, new Date(), calendar),
      category: r.category as string,
      description: r.description as string,
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      departmentName: r.department_name as string | null,
      version: r.version as number,
      rating: r.rating as number | null,
      closureCondition: r.closure_condition as string | null,
      allowedActions: actionsFor(user, { status: r.status, level: r.level, callUpPending: r.call_up_pending }, r.department_code),
      events: events.rows.map((e) => ({
        id: Number(e.id),
        at: new Date(e.at).toISOString(),
        actor: e.actor as string,
        role: e.role as string | null,
        action: e.action as string,
        fromStatus: e.from_status as string | null,
        toStatus: e.to_status as string,
        note: e.note as string | null,
      })),
    };
  }),

  /**
   * Operator intake (a 12345 call, a patrol finding): the case is registered at once (受理立案) in the grid
   * holding its location. With an idempotency key a retried submission returns the first one's case.
   */
  create: procedure.input(incidentCreateInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const client = await ctx.pool.connect();
    const existing = async () => {
      const { rows } = await client.query(
        `SELECT i.id, i.case_no, i.status, i.version FROM intake_keys k JOIN incidents i ON i.id = k.incident_id WHERE k.key = $1`,
        [input.idempotencyKey],
      );
      const r = rows[0];
      return r ? { id: r.id as number, caseNo: r.case_no as string, status: r.status as CaseStatus, version: r.version as number, repeated: true } : null;
    };
    try {
      if (input.idempotencyKey) {
        const before = await existing();
        if (before) return before;
      }
      const grid = (await client.query<{ code: string }>(sql('grid-at'), [input.lng, input.lat])).rows[0]?.code;
      if (!grid) throw badRequest(`lng/lat: ${input.lng}, ${input.lat} is not inside any grid of the city`);
      assertInScope(ctx, grid, `location ${input.lng}, ${input.lat} (grid ${grid})`);
      const type = await client.query('SELECT 1 FROM incident_types WHERE code = $1', [input.typeCode]);
      if (!type.rows.length) throw badRequest(`typeCode: no case type ${input.typeCode}`);
      await client.query('BEGIN');
      const { rows } = await client.query(sql('incident-insert'), [
        input.typeCode, input.source, 'registered', input.priority, input.description, grid, input.lng, input.lat,
      ]);
      const c = rows[0];
      if (input.idempotencyKey) {
        const key = await client.query('INSERT INTO intake_keys (key, incident_id) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key', [input.idempotencyKey, c.id]);
        if (!key.rows.length) {
          // The same submission, sent twice at once, was registered by the other request.
          await client.query('ROLLBACK');
          return (await existing())!;
        }
      }
      const insertEvent = (action: string, actor: string, role: string | null, from: string | null, to: string) =>
        client.query(sql('incident-event-insert'), [c.id, role ? user.id : null, actor, role, action, from, to, null, '{}']);
      await insertEvent('intake', input.source, null, null, 'reported');
      await insertEvent('accept', user.username, user.role, 'reported', 'registered');
      await writeAudit(client, user, ctx.ip, { action: 'incident.create', targetType: 'incident', targetId: c.id, areaCode: grid, detail: { typeCode: input.typeCode, source: input.source } });
      await client.query(`UPDATE data_versions SET version = version + 1 WHERE layer = 'incidents'`);
      await client.query('COMMIT');
      ctx.tiles.invalidate('incidents');
      return { id: c.id as number, caseNo: c.case_no as string, status: 'registered' as CaseStatus, version: c.version as number, repeated: false };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }),

  /** Live cases that may report the same problem (same type, nearby, close in time): candidates to merge. */
  duplicates: procedure.input(incidentDuplicatesInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const { rows } = await ctx.pool.query('SELECT case_no, grid_code FROM incidents WHERE id = $1', [input.id]);
    if (!rows[0]) throw notFound(`no case with id ${input.id}`);
    assertInScope(ctx, rows[0].grid_code, `case ${rows[0].case_no}`);
    const found = await ctx.pool.query(sql('incident-duplicates'), [input.id, input.withinMetres, input.withinHours, user.scopeCode]);
    return found.rows.map((r) => ({
      id: r.id as number,
      caseNo: r.case_no as string,
      status: r.status as CaseStatus,
      reportedAt: new Date(r.reported_at).toISOString(),
      gridCode: r.grid_code as string,
      distanceM: r.distance_m as number,
      minutesApart: r.minutes_apart as number,
    }));
  }),

  /**
   * One step of the closed loop. The case is locked, checked (scope, department, version, the workflow's
   * rules), changed and logged in one transaction; a caller holding an old version gets CONFLICT.
   */
  act: procedure.input(incidentActInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const rule: TransitionRule = TRANSITIONS[input.action];
    for (const need of rule.needs ?? []) {
      if (need === 'reason' && !input.reason) throw badRequest(`reason: ${input.action} needs a reason`);
      if (need === 'note' && !input.note) throw badRequest(`note: ${input.action} needs a note on what was done`);
      if (need === 'rating' && input.rating === undefined) throw badRequest(`rating: ${input.action} needs a rating from 1 to 5`);
      if (need === 'into' && input.intoId === undefined) throw badRequest(`intoId: ${input.action} needs the case to merge into`);
    }
    const client = await ctx.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query(sql('incident-for-update'), [input.id]);
      const c = rows[0];
      if (!c) throw notFound(`no case with id ${input.id}`);
      assertInScope(ctx, c.grid_code, `case ${c.case_no}`);
      if (user.role === 'department_handler' && c.department_code !== user.departmentCode) {
        throw forbidden(`case ${c.case_no} is not assigned to your department (${user.departmentName ?? user.departmentCode})`);
      }
      if (c.version !== input.version) {
        throw new TRPCError({ code: 'CONFLICT', message: `case ${c.case_no} changed since you loaded it (your version ${input.version}, now ${c.version}); reload it and try again` });
      }
      const state: CaseState = { status: c.status, level: c.level, callUpPending: c.call_up_pending };
      const why = refusal(state, input.action, user.role);
      if (why) throw new TRPCError({ code: rule.roles.includes(user.role) ? 'PRECONDITION_FAILED' : 'FORBIDDEN', message: `case ${c.case_no}: ${why}` });
      if (user.role === 'grid_worker' && c.department_code && DEPARTMENT_WORK.includes(input.action)) {
        throw forbidden(`case ${c.case_no} is assigned to ${c.department_code}: the department takes and reports it`);
      }
      const next = apply(state, input.action, user.role);
      let department: string | null = c.department_code;
      let rating: number | null = null;
      const detail: Record<string, unknown> = {};
      if (input.action === 'dispatch') {
        department = input.departmentCode ?? c.suggested_department;
        if (!department) throw badRequest(`departmentCode: no responsible unit is known for case ${c.case_no} in its district; name one`);
        const d = await client.query('SELECT 1 FROM departments WHERE code = $1', [department]);
        if (!d.rows.length) throw badRequest(`departmentCode: no department ${department}`);
        Object.assign(detail, { departmentCode: department, suggested: c.suggested_department, overridden: Boolean(input.departmentCode && input.departmentCode !== c.suggested_department) });
      }
      if (input.action === 'return') department = null;
      if (input.action === 'rate') {
        rating = input.rating!;
        detail.rating = rating;
      }
      if (input.action === 'merge') {
        if (input.intoId === input.id) throw badRequest('intoId: a case cannot be merged into itself');
        const into = await client.query('SELECT id, case_no, grid_code, status, type_code FROM incidents WHERE id = $1', [input.intoId]);
        const target = into.rows[0];
        if (!target) throw badRequest(`intoId: no case with id ${input.intoId}`);
        assertInScope(ctx, target.grid_code, `case ${target.case_no}`);
        if (['merged', 'rejected'].includes(target.status)) throw badRequest(`intoId: case ${target.case_no} is ${target.status}; merge into a live case`);
        if (target.type_code !== c.type_code) throw badRequest(`intoId: case ${target.case_no} is of another type (${target.type_code}, not ${c.type_code})`);
        detail.into = target.case_no;
      }
      if (input.action === 'call_up') detail.level = next.level;
      const restarts = next.status !== state.status || input.action === 'call_up';
      const updated = await client.query<{ version: number }>(sql('incident-transition'), [
        c.id, next.status, next.level, next.callUpPending, department, rating, restarts,
      ]);
      const note = input.reason ?? input.note ?? null;
      await client.query(sql('incident-event-insert'), [c.id, user.id, user.username, user.role, input.action, state.status, next.status, note, JSON.stringify(detail)]);
      await writeAudit(client, user, ctx.ip, { action: 'incident.act', targetType: 'incident', targetId: c.id, areaCode: c.grid_code, detail: { action: input.action, from: state.status, to: next.status } });
      await client.query(`UPDATE data_versions SET version = version + 1 WHERE layer = 'incidents'`);
      await client.query('COMMIT');
      ctx.tiles.invalidate('incidents');
      return {
        id: c.id as number,
        caseNo: c.case_no as string,
        status: next.status,
        level: next.level,
        callUpPending: next.callUpPending,
        departmentCode: department,
        version: updated.rows[0].version,
        allowedActions: actionsFor(user, next, department),
      };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }),
});
