import { TRPCError } from '@trpc/server';
import { router, procedure, notFound, assertInScope, caller, listArea } from '../trpc';
import { query, queryOne } from '../sql';
import type { SourceAlarmRow } from '../sql/rows';
import { alarmAckInputSchema, alarmListInputSchema } from '../schemas';
import { ruleLabel } from '../../tiles/domain/sensing';
import { writeAudit } from '../auth/session';
import { departmentFilter } from '../cases/store';

/** An alarm as a device's or a camera's card lists it. */
export function recentAlarm(a: SourceAlarmRow) {
  return {
    id: a.id, rule: a.rule, label: ruleLabel(a.rule), severity: a.severity, status: a.status, message: a.message,
    lastAt: a.last_at, occurrences: a.occurrences, incidentId: a.incident_id, caseNo: a.case_no,
  };
}

export const alarmRouter = router({
  /**
   * Alarms of an area, newest first (default: not yet closed), with counts by status and severity. A department
   * handler gets only the alarms whose case is assigned to their department: alarms without a case (offline
   * devices, rules that open none) and those whose case is not dispatched yet are for the operators.
   */
  list: procedure.input(alarmListInputSchema).query(async ({ ctx, input }) => {
    const area = listArea(ctx, input.areaCode);
    const department = departmentFilter(caller(ctx));
    const [list, counts] = await Promise.all([
      query(ctx.pool, 'alarm-list', [area, input.status, input.severity ?? null, input.limit, input.offset, department]),
      query(ctx.pool, 'alarm-counts', [area, department]),
    ]);
    const count = (status: string, severity?: string) => counts.filter((r) => r.status === status && (!severity || r.severity === severity)).reduce((s, r) => s + r.n, 0);
    return {
      areaCode: area,
      total: list[0]?.total ?? 0,
      counts: { open: count('open'), acknowledged: count('acknowledged'), critical: count('open', 'critical') + count('acknowledged', 'critical') },
      /** The newest alarm's id and time: a dashboard polls and reloads the alarms layer when it changes. */
      latest: list.length ? { id: list[0].id, at: list[0].last_at } : null,
      items: list.map((a) => ({
        id: a.id,
        rule: a.rule,
        label: ruleLabel(a.rule),
        severity: a.severity,
        status: a.status,
        message: a.message,
        value: a.value,
        gridCode: a.grid_code,
        firstAt: a.first_at,
        lastAt: a.last_at,
        occurrences: a.occurrences,
        acknowledgedBy: a.acknowledged_by,
        acknowledgedAt: a.acknowledged_at,
        source: a.device_id !== null
          ? { type: 'device' as const, id: a.device_id, code: a.device_code, name: a.device_name, kind: a.device_kind }
          : { type: 'camera' as const, id: a.camera_id, code: a.camera_code, name: a.camera_name, kind: 'camera' },
        incident: a.incident_id !== null ? { id: a.incident_id, caseNo: a.case_no, status: a.case_status } : null,
        center: [a.lng, a.lat] as [number, number],
      })),
    };
  }),

  /** An operator has seen the alarm and is on it. Audited; acknowledging twice is refused. */
  ack: procedure.input(alarmAckInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const a = await queryOne(ctx.pool, 'alarm-by-id', [input.id]);
    if (!a) throw notFound(`no alarm with id ${input.id}`);
    assertInScope(ctx, a.grid_code, 'alarm');
    const updated = await queryOne(ctx.pool, 'alarm-ack', [input.id, user.username]);
    if (!updated) throw new TRPCError({ code: 'CONFLICT', message: `alarm ${input.id} is ${a.status}, not open: only an open alarm can be acknowledged` });
    await writeAudit(ctx.pool, user, ctx.ip, { action: 'alarm.ack', targetType: 'alarm', targetId: input.id, areaCode: a.grid_code, detail: { rule: a.rule, note: input.note ?? null } });
    await ctx.tiles.markChanged('alarms');
    return { id: input.id, status: 'acknowledged' as const, acknowledgedAt: updated.acknowledged_at, acknowledgedBy: user.username };
  }),
});
