import { TRPCError } from '@trpc/server';
import { router, procedure, notFound, assertInScope, caller, listArea } from '../trpc';
import { sql } from '../sql';
import { alarmAckInputSchema, alarmListInputSchema } from '../schemas';
import { ruleLabel } from '../../tiles/domain/sensing';
import { writeAudit } from '../auth/session';

export const alarmRouter = router({
  /** Alarms of an area, newest first (default: not yet closed), with counts by status and severity. */
  list: procedure.input(alarmListInputSchema).query(async ({ ctx, input }) => {
    const area = listArea(ctx, input.areaCode);
    const [list, counts] = await Promise.all([
      ctx.pool.query(sql('alarm-list'), [area, input.status, input.severity ?? null, input.limit, input.offset]),
      ctx.pool.query<{ status: string; severity: string; n: number }>(sql('alarm-counts'), [area]),
    ]);
    const count = (status: string, severity?: string) => counts.rows.filter((r) => r.status === status && (!severity || r.severity === severity)).reduce((s, r) => s + r.n, 0);
    return {
      areaCode: area,
      total: (list.rows[0]?.total as number | undefined) ?? 0,
      counts: { open: count('open'), acknowledged: count('acknowledged'), critical: count('open', 'critical') + count('acknowledged', 'critical') },
      /** The newest alarm's id and time: a dashboard polls and reloads the alarms layer when it changes. */
      latest: list.rows.length ? { id: Number(list.rows[0].id), at: list.rows[0].last_at as Date } : null,
      items: list.rows.map((a) => ({
        id: Number(a.id),
        rule: a.rule as string,
        label: ruleLabel(a.rule),
        severity: a.severity as 'critical' | 'major' | 'minor',
        status: a.status as 'open' | 'acknowledged' | 'closed',
        message: a.message as string,
        value: a.value as number | null,
        gridCode: a.grid_code as string,
        firstAt: a.first_at as Date,
        lastAt: a.last_at as Date,
        occurrences: a.occurrences as number,
        acknowledgedBy: a.acknowledged_by as string | null,
        acknowledgedAt: a.acknowledged_at as Date | null,
        source: a.device_id
          ? { type: 'device' as const, id: a.device_id as number, code: a.device_code as string, name: a.device_name as string, kind: a.device_kind as string }
          : { type: 'camera' as const, id: a.camera_id as number, code: a.camera_code as string, name: a.camera_name as string, kind: 'camera' },
        incident: a.incident_id ? { id: a.incident_id as number, caseNo: a.case_no as string, status: a.case_status as string } : null,
        center: [a.lng, a.lat] as [number, number],
      })),
    };
  }),

  /** An operator has seen the alarm and is on it. Audited; acknowledging twice is refused. */
  ack: procedure.input(alarmAckInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const { rows } = await ctx.pool.query('SELECT id, grid_code, status, rule FROM alarms WHERE id = $1', [input.id]);
    const a = rows[0];
    if (!a) throw notFound(`no alarm with id ${input.id}`);
    assertInScope(ctx, a.grid_code, `alarm ${input.id}`);
    const updated = await ctx.pool.query(
      `UPDATE alarms SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now() WHERE id = $1 AND status = 'open' RETURNING acknowledged_at`,
      [input.id, user.username],
    );
    if (!updated.rowCount) throw new TRPCError({ code: 'CONFLICT', message: `alarm ${input.id} is ${a.status}, not open: only an open alarm can be acknowledged` });
    await writeAudit(ctx.pool, user, ctx.ip, { action: 'alarm.ack', targetType: 'alarm', targetId: input.id, areaCode: a.grid_code, detail: { rule: a.rule, note: input.note ?? null } });
    await ctx.tiles.markChanged('alarms');
    return { id: input.id, status: 'acknowledged' as const, acknowledgedAt: updated.rows[0].acknowledged_at as Date, acknowledgedBy: user.username };
  }),
});
