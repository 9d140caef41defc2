import { tracked } from '@trpc/server';
import { ruleLabel } from '../../tiles/domain/sensing';
import { router, procedure, notFound, forbidden, caller, assertInScope, listArea } from '../trpc';
import { sql } from '../sql';
import { incidentActInputSchema, incidentByIdInputSchema, incidentCreateInputSchema, incidentDuplicatesInputSchema, incidentListInputSchema, incidentLiveInputSchema } from '../schemas';
import { writeAudit } from '../auth/session';
import { maskName, maskPhone } from '../auth/mask';
import { actOnCase, actionsFor, afterCaseCommit, departmentFilter, intakeCase } from '../cases/store';
import { inTransaction } from '../db/transaction';
import type { CaseLevel, CaseStatus } from '../../tiles/domain/cases';
import { slaOf, workCalendar, type SlaRow } from '../cases/sla';
import type { WorkCalendar } from '../cases/calendar';

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
        input.overdue ?? false,
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
    const [events, calendar, reporters, photos, alarm] = await Promise.all([
      ctx.pool.query(sql('incident-events'), [input.id]),
      workCalendar(ctx.pool),
      ctx.pool.query(`SELECT tracking_no, channel, name, phone, description, reported_at FROM incident_reporters WHERE incident_id = $1 ORDER BY reported_at`, [input.id]),
      ctx.pool.query(`SELECT id, content_type, url FROM incident_photos WHERE incident_id = $1 ORDER BY id`, [input.id]),
      // The alarm that opened it (a sensor or a camera's video analytics), if any.
      ctx.pool.query(
        `SELECT a.id, a.rule, a.severity, a.status, a.message, a.first_at, a.last_at, a.occurrences, a.device_id, a.camera_id, coalesce(d.code, c.code) AS source_code
         FROM incidents i JOIN alarms a ON a.id = i.alarm_id LEFT JOIN devices d ON d.id = a.device_id LEFT JOIN cameras c ON c.id = a.camera_id
         WHERE i.id = $1`,
        [input.id],
      ),
    ]);
    const a = alarm.rows[0];
    // The units a dispatch may choose from (the case's district), the suggested one first.
    const units = await ctx.pool.query(sql('incident-units'), [input.id]);
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
      mergedInto: r.merged_into as number | null,
      units: units.rows.map((u) => ({ code: u.code as string, name: u.name as string, nameEn: u.name_en as string, suggested: u.suggested as boolean })),
      // Residents who reported it (several after a merge): contact details masked (脱敏).
      reporters: reporters.rows.map((p) => ({
        trackingNo: p.tracking_no as string,
        channel: p.channel as string,
        name: p.name ? maskName(p.name) : null,
        phone: p.phone ? maskPhone(p.phone) : null,
        description: p.description as string,
        reportedAt: new Date(p.reported_at).toISOString(),
      })),
      photos: photos.rows.map((p) => ({ id: Number(p.id), url: (p.url as string | null) ?? `/api/photos/${p.id}` })),
      alarm: a
        ? {
            id: Number(a.id), rule: a.rule as string, label: ruleLabel(a.rule), severity: a.severity as string, status: a.status as string, message: a.message as string,
            firstAt: new Date(a.first_at).toISOString(), lastAt: new Date(a.last_at).toISOString(), occurrences: a.occurrences as number,
            source: a.device_id ? { type: 'device' as const, id: a.device_id as number, code: a.source_code as string } : { type: 'camera' as const, id: a.camera_id as number, code: a.source_code as string },
          }
        : null,
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
    const existing = async () => {
      const { rows } = await ctx.pool.query(
        `SELECT i.id, i.case_no, i.status, i.version FROM intake_keys k JOIN incidents i ON i.id = k.incident_id WHERE k.key = $1`,
        [input.idempotencyKey],
      );
      const r = rows[0];
      return r ? { id: r.id as number, caseNo: r.case_no as string, status: r.status as CaseStatus, version: r.version as number, repeated: true } : null;
    };
    if (input.idempotencyKey) {
      const before = await existing();
      if (before) return before;
    }
    const made = await inTransaction(ctx.pool, async (client) => {
      const r = await intakeCase(client, {
        typeCode: input.typeCode, source: input.source, priority: input.priority, description: input.description, lng: input.lng, lat: input.lat,
        registeredBy: user, scope: user.scopeCode, idempotencyKey: input.idempotencyKey ?? null,
      });
      if (!r.repeated) {
        await writeAudit(client, user, ctx.ip, { action: 'incident.create', targetType: 'incident', targetId: r.id, areaCode: r.gridCode, detail: { typeCode: input.typeCode, source: input.source } });
      }
      return r;
    });
    // The same submission, sent twice at once: the other request registered it.
    if (made.repeated) return (await existing())!;
    afterCaseCommit(ctx);
    return { id: made.id, caseNo: made.caseNo, status: made.status, version: made.version, repeated: false };
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

  /** One step of the closed loop (see api/cases/store.ts). */
  act: procedure.input(incidentActInputSchema).mutation(({ ctx, input }) => actOnCase(ctx, caller(ctx), ctx.ip, input)),

  /**
   * Case changes in the caller's scope as they happen (SSE), in batches: each event carries changes in id
   * order and the last one's id as its event id; a client that reconnects with the last id it received
   * (lastEventId) first gets everything it missed.
   */
  live: procedure.input(incidentLiveInputSchema).subscription(async function* ({ ctx, input, signal }) {
    const user = caller(ctx);
    const area = input.areaCode ? listArea(ctx, input.areaCode) : user.scopeCode;
    const department = departmentFilter(user);
    let after = input.lastEventId != null ? Number(input.lastEventId) : null;
    if (after === null && input.backlog > 0) {
      const { rows } = await ctx.pool.query<{ id: number }>(sql('incident-changes-backlog'), [area, input.backlog]);
      after = rows.length ? rows[rows.length - 1].id - 1 : null;
    }
    // First a greeting (untracked, so it does not move the client's resume point): subscribed, from where.
    // Its position: the resume point, or the newest change now (a backlog, if asked for, comes at or below it).
    yield { kind: 'ready' as const, areaCode: area, position: input.lastEventId != null ? Number(input.lastEventId) : ctx.changes.position };
    // One event per batch of changes committed together (far fewer events at high rates); its id is the
    // batch's last change id, so a client resuming from it has everything up to there.
    for await (const batch of ctx.changes.follow(after, signal)) {
      const mine = batch.filter((c) => c.gridCode.startsWith(area) && (!department || c.departmentCode === department));
      if (mine.length) yield tracked(String(mine[mine.length - 1].id), { kind: 'changes' as const, changes: mine });
    }
  }),
});
