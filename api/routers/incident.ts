import { router, procedure, notFound, forbidden, caller, assertInScope } from '../trpc';
import { sql } from '../sql';
import { incidentByIdInputSchema, incidentListInputSchema } from '../schemas';
import { inScope } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { allowedActions, type CaseLevel, type CaseStatus } from '../cases/workflow';
import { slaOf, workCalendar, type SlaRow } from '../cases/sla';

/** Department handlers work the cases assigned to their department; everyone else the cases of their area. */
function departmentFilter(user: SessionUser): string | null {
  return user.role === 'department_handler' ? user.departmentCode : null;
}

export const incidentRouter = router({
  /** Cases of an area in scope (an area above one's scope lists one's own part), newest first, with deadlines. */
  list: procedure.input(incidentListInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const area = inScope(user.scopeCode, input.areaCode) ? input.areaCode : user.scopeCode.startsWith(input.areaCode) ? user.scopeCode : null;
    if (!area) throw forbidden(`area ${input.areaCode} lies outside your scope ${user.scopeCode} (${user.scopeName})`);
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
      items: rows.map((r) => ({
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
      })),
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
      id: r.id as number,
      caseNo: r.case_no as string,
      typeCode: r.type_code as string,
      typeName: r.type_name as string,
      typeNameEn: r.type_name_en as string,
      major: r.major as string,
      category: r.category as string,
      source: r.source as string,
      status: r.status as CaseStatus,
      priority: r.priority as number,
      description: r.description as string,
      gridCode: r.grid_code as string,
      reportedAt: new Date(r.reported_at).toISOString(),
      closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
      level: r.level as CaseLevel,
      callUpPending: r.call_up_pending as boolean,
      departmentCode: r.department_code as string | null,
      departmentName: r.department_name as string | null,
      version: r.version as number,
      rating: r.rating as number | null,
      closureCondition: r.closure_condition as string | null,
      location: [r.lng, r.lat] as [number, number],
      sla: slaOf(r as SlaRow, new Date(), calendar),
      // Grid members handle the cases left to the community; a case assigned to a department is the department's to take and report.
      allowedActions: allowedActions({ status: r.status, level: r.level, callUpPending: r.call_up_pending }, user.role).filter(
        (a) => !(user.role === 'grid_worker' && r.department_code && (a === 'take' || a === 'return' || a === 'report')),
      ),
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
});
