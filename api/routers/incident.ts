import { TRPCError, tracked } from '@trpc/server';
import { ruleLabel } from '../../tiles/domain/sensing';
import { seesPersonalData } from '../../tiles/domain/roles';
import { FINAL_STATUSES } from '../../tiles/domain/cases';
import { router, procedure, notFound, forbidden, caller, assertInScope, listArea } from '../trpc';
import { query, queryOne } from '../sql';
import type { CaseSummaryRow } from '../sql/rows';
import {
  incidentActInputSchema, incidentByIdInputSchema, incidentCreateInputSchema, incidentDuplicatesInputSchema, incidentListInputSchema, incidentLiveInputSchema,
  incidentTimelineInputSchema, TIMELINE_MAX_EVENTS,
} from '../schemas';
import { stillSignedIn, writeAudit } from '../auth/session';
import { replayFloor } from '../cases/changes';
import { maskName, maskPhone } from '../auth/mask';
import { actOnCase, actionsFor, afterCaseCommit, departmentFilter, intakeCase } from '../cases/store';
import { inTransaction } from '../db/transaction';
import { slaOf, workCalendar } from '../cases/sla';
import type { WorkCalendar } from '../cases/calendar';

/** How often an open incident.live stream re-checks its caller's session (well within a minute of a logout). */
export const LIVE_SESSION_CHECK_MS = 20_000;
/** Before a batch is sent the session is checked again when the last check is older than this. */
export const LIVE_BATCH_CHECK_MS = 2_000;

/** What a case list row and a case have in common, from their SQL rows. */
function caseSummary(r: CaseSummaryRow, now: Date, calendar: WorkCalendar) {
  return {
    id: r.id,
    caseNo: r.case_no,
    typeCode: r.type_code,
    typeName: r.type_name,
    typeNameEn: r.type_name_en,
    major: r.major,
    source: r.source,
    status: r.status,
    priority: r.priority,
    gridCode: r.grid_code,
    reportedAt: r.reported_at.toISOString(),
    level: r.level,
    callUpPending: r.call_up_pending,
    departmentCode: r.department_code,
    location: [r.lng, r.lat] as [number, number],
    sla: slaOf(r, now, calendar),
  };
}

export const incidentRouter = router({
  /** Cases of an area in scope (an area above one's scope lists one's own part), newest first, with deadlines. */
  list: procedure.input(incidentListInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const area = listArea(ctx, input.areaCode);
    const [rows, calendar] = await Promise.all([
      query(ctx.pool, 'incident-list', [
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
        input.metric?.measure ?? null,
        input.metric?.from ?? null,
        input.metric?.to ?? null,
        input.metric?.departmentCode ?? null,
      ]),
      workCalendar(ctx.pool),
    ]);
    const now = new Date();
    return {
      areaCode: area,
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => caseSummary(r, now, calendar)),
    };
  }),

  /** One case with its event log, its current deadline and the actions the caller may take on it. */
  byId: procedure.input(incidentByIdInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const r = await queryOne(ctx.pool, 'incident-by-id', [input.id]);
    if (!r) throw notFound(`no case with id ${input.id}`);
    assertInScope(ctx, r.grid_code, 'case');
    const department = departmentFilter(user);
    if (user.role === 'department_handler' && r.department_code !== department) {
      throw forbidden(`the case is not assigned to your department (${user.departmentName ?? department})`);
    }
    // Planners and wall displays see where and what, never what residents wrote or sent: no reporters, photos or description.
    const personal = seesPersonalData(user.role);
    const [events, calendar, reporters, photos, a] = await Promise.all([
      query(ctx.pool, 'incident-events', [input.id]),
      workCalendar(ctx.pool),
      personal ? query(ctx.pool, 'incident-reporters', [input.id]) : [],
      personal ? query(ctx.pool, 'incident-photos', [input.id]) : [],
      // The alarm that opened it (a sensor or a camera's video analytics), if any.
      queryOne(ctx.pool, 'incident-alarm', [input.id]),
    ]);
    // The units a dispatch may choose from (the case's district), the suggested one first.
    const units = await query(ctx.pool, 'incident-units', [input.id]);
    return {
      ...caseSummary(r, new Date(), calendar),
      category: r.category,
      description: personal ? r.description : null,
      closedAt: r.closed_at?.toISOString() ?? null,
      departmentName: r.department_name,
      version: r.version,
      rating: r.rating,
      closureCondition: r.closure_condition,
      allowedActions: actionsFor(user, { status: r.status, level: r.level, callUpPending: r.call_up_pending }, r.department_code),
      mergedInto: r.merged_into,
      units: units.map((u) => ({ code: u.code, name: u.name, nameEn: u.name_en, suggested: u.suggested })),
      // Residents who reported it (several after a merge): contact details masked (脱敏).
      reporters: reporters.map((p) => ({
        trackingNo: p.tracking_no,
        channel: p.channel,
        name: p.name ? maskName(p.name) : null,
        phone: p.phone ? maskPhone(p.phone) : null,
        description: p.description,
        reportedAt: p.reported_at.toISOString(),
      })),
      photos: photos.map((p) => ({ id: p.id, url: p.url ?? `/api/photos/${p.id}` })),
      alarm: a
        ? {
            id: a.id, rule: a.rule, label: ruleLabel(a.rule), severity: a.severity, status: a.status, message: a.message,
            firstAt: a.first_at.toISOString(), lastAt: a.last_at.toISOString(), occurrences: a.occurrences,
            source: a.device_id !== null ? { type: 'device' as const, id: a.device_id, code: a.source_code } : { type: 'camera' as const, id: a.camera_id, code: a.source_code },
          }
        : null,
      events: events.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actor: e.actor,
        role: e.role,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        // A resident's words (a rating's comment) are personal too.
        note: personal || e.actor !== 'reporter' ? e.note : null,
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
      const r = await queryOne(ctx.pool, 'intake-key-case', [input.idempotencyKey]);
      return r ? { id: r.id, caseNo: r.case_no, status: r.status, version: r.version, repeated: true } : null;
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
    const c = await queryOne(ctx.pool, 'incident-grid', [input.id]);
    if (!c) throw notFound(`no case with id ${input.id}`);
    assertInScope(ctx, c.grid_code, 'case');
    const found = await query(ctx.pool, 'incident-duplicates', [input.id, input.withinMetres, input.withinHours, user.scopeCode]);
    return found.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      status: r.status,
      reportedAt: r.reported_at.toISOString(),
      gridCode: r.grid_code,
      distanceM: r.distance_m,
      minutesApart: r.minutes_apart,
    }));
  }),

  /**
   * Time playback: an area's cases as they stood at `from` (those live then) and every step of its cases from
   * `from` to `to`, in time order, with the alarms live at some time of the window — positions, types and
   * statuses, nothing personal. A case's state at a time t is its last event at or before t, else its state at
   * `from` (web/src/playback/state.ts). Scoped like incident.list; at most TIMELINE_MAX_EVENTS events (and as
   * many alarms), else `truncated`.
   */
  timeline: procedure.input(incidentTimelineInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const area = listArea(ctx, input.areaCode);
    const department = departmentFilter(user);
    const from = new Date(input.from);
    const to = new Date(input.to);
    const [initial, events, alarms] = await Promise.all([
      query(ctx.pool, 'incident-timeline-initial', [area, from, department, FINAL_STATUSES]),
      query(ctx.pool, 'incident-timeline-events', [area, from, to, department, TIMELINE_MAX_EVENTS + 1]),
      query(ctx.pool, 'incident-timeline-alarms', [area, from, to, department, TIMELINE_MAX_EVENTS + 1]),
    ]);
    const truncated = events.length > TIMELINE_MAX_EVENTS || alarms.length > TIMELINE_MAX_EVENTS;
    return {
      areaCode: area,
      from: from.toISOString(),
      to: to.toISOString(),
      truncated,
      initial: initial.map((c) => ({ caseId: c.case_id, caseNo: c.case_no, status: c.status, typeCode: c.type_code, lng: c.lng, lat: c.lat, at: c.at.toISOString() })),
      events: events.slice(0, TIMELINE_MAX_EVENTS).map((e) => ({
        id: e.id, at: e.at.toISOString(), caseId: e.case_id, caseNo: e.case_no, action: e.action,
        fromStatus: e.from_status, status: e.status, typeCode: e.type_code, lng: e.lng, lat: e.lat,
      })),
      alarms: alarms.slice(0, TIMELINE_MAX_EVENTS).map((a) => ({
        id: a.id, severity: a.severity, rule: a.rule, lng: a.lng, lat: a.lat, firstAt: a.first_at.toISOString(), closedAt: a.closed_at?.toISOString() ?? null,
      })),
    };
  }),

  /** One step of the closed loop (see api/cases/store.ts). */
  act: procedure.input(incidentActInputSchema).mutation(({ ctx, input }) => actOnCase(ctx, caller(ctx), ctx.ip, input)),

  /**
   * Case changes in the caller's scope as they happen (SSE), in batches: each event carries changes in id
   * order and the last one's id as its event id; a client that reconnects with the last id it received
   * (lastEventId) first gets everything it missed — within the last LIVE_REPLAY_HOURS hours: an older resume
   * point starts there, and the greeting says `truncated`. The stream lasts only as long as the caller's
   * session: it is re-checked every LIVE_SESSION_CHECK_MS and before a batch is sent (at most every
   * LIVE_BATCH_CHECK_MS), and after a logout, an expiry, a disabled account or changed rights the stream ends
   * with UNAUTHORIZED.
   */
  live: procedure.input(incidentLiveInputSchema).subscription(async function* ({ ctx, input, signal }) {
    const user = caller(ctx);
    const area = input.areaCode ? listArea(ctx, input.areaCode) : user.scopeCode;
    const department = departmentFilter(user);
    // A resume point older than the retention starts at its beginning. (A backlog is bounded by its count.)
    const floor = input.lastEventId != null ? await replayFloor(ctx.pool) : 0;
    let after = input.lastEventId != null ? Math.max(Number(input.lastEventId), floor) : null;
    const truncated = input.lastEventId != null && Number(input.lastEventId) < floor;
    if (after === null && input.backlog > 0) {
      const rows = await query(ctx.pool, 'incident-changes-backlog', [area, input.backlog]);
      after = rows.length ? rows[rows.length - 1].id - 1 : null;
    }

    // Ended by the client (signal) or by the session check: either stops following the feed.
    const ended = new AbortController();
    const onAbort = () => ended.abort();
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted) ended.abort();
    let checkedAt = Date.now();
    let revoked = false;
    const check = async () => {
      checkedAt = Date.now();
      if (!(await stillSignedIn(ctx.pool, user, ctx.http?.sessionToken))) {
        revoked = true;
        ended.abort();
      }
    };
    const timer = setInterval(() => void check().catch(() => {}), LIVE_SESSION_CHECK_MS);
    timer.unref();
    try {
      // First a greeting (untracked, so it does not move the client's resume point): subscribed, from where.
      // Its position: the resume point, or the newest change now (a backlog, if asked for, comes at or below it).
      yield { kind: 'ready' as const, areaCode: area, position: input.lastEventId != null ? after! : ctx.changes.position, truncated };
      // One event per batch of changes committed together (far fewer events at high rates); its id is the
      // batch's last change id, so a client resuming from it has everything up to there.
      for await (const batch of ctx.changes.follow(after, ended.signal)) {
        const mine = batch.filter((c) => c.gridCode.startsWith(area) && (!department || c.departmentCode === department));
        if (!mine.length) continue;
        if (Date.now() - checkedAt >= LIVE_BATCH_CHECK_MS) await check();
        if (revoked) break;
        yield tracked(String(mine[mine.length - 1].id), { kind: 'changes' as const, changes: mine });
      }
      if (revoked) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'your session ended (signed out, expired, disabled or its rights changed): sign in again' });
    } finally {
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }),
});
