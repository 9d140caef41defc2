import { router, procedure, notFound, assertInScope } from '../trpc';
import { sql } from '../sql';
import { deviceByIdInputSchema, deviceTelemetryInputSchema, TELEMETRY_WINDOWS } from '../schemas';
import { DEVICE_KINDS, METRICS, metricById, ruleLabel, type DeviceKind, type LastValue } from '../../tiles/domain/sensing';

export const deviceRouter = router({
  /** The device card: what it is, where, its state, latest values and recent alarms. */
  byId: procedure.input(deviceByIdInputSchema).query(async ({ ctx, input }) => {
    const { rows } = await ctx.pool.query(sql('device-by-id'), [input.id]);
    const d = rows[0];
    if (!d) throw notFound(`no device with id ${input.id}`);
    assertInScope(ctx, d.grid_code, `device ${d.code}`);
    const alarms = await ctx.pool.query(
      `SELECT a.id, a.rule, a.severity, a.status, a.message, a.first_at, a.last_at, a.occurrences, a.incident_id, i.case_no
       FROM alarms a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.device_id = $1 ORDER BY a.last_at DESC LIMIT 10`,
      [d.id],
    );
    const kind = d.kind as DeviceKind;
    const last = d.last_values as Record<string, LastValue>;
    return {
      id: d.id as number,
      code: d.code as string,
      name: d.name as string,
      kind,
      status: d.status as 'online' | 'offline',
      gridCode: d.grid_code as string,
      heartbeatMinutes: Math.round(d.heartbeat_s / 60),
      installedAt: d.installed_at as Date,
      lastSeenAt: d.last_seen_at as Date | null,
      center: [d.lng, d.lat] as [number, number],
      building: d.building_id ? { id: d.building_id as number, address: d.building_address as string, builtYear: d.building_built_year as number } : null,
      parking: d.parking_id ? { id: d.parking_id as number, name: d.parking_name as string, capacity: d.parking_capacity as number, occupied: d.parking_occupied as number } : null,
      /** The latest reading of each metric the kind reports (null: none yet). */
      latest: DEVICE_KINDS[kind].metrics.map((m) => ({ metric: m, unit: METRICS[m].unit, value: last[m]?.v ?? null, at: last[m]?.at ?? null })),
      alarms: alarms.rows.map((a) => ({
        id: Number(a.id), rule: a.rule as string, label: ruleLabel(a.rule), severity: a.severity as string, status: a.status as string,
        message: a.message as string, firstAt: a.first_at as Date, lastAt: a.last_at as Date, occurrences: a.occurrences as number,
        incidentId: a.incident_id as number | null, caseNo: a.case_no as string | null,
      })),
    };
  }),

  /**
   * A device's telemetry over the last 24 h (15-minute buckets) or 7 d (hourly), ending at `end` (default now):
   * readings in (end − window, end]. Per metric the bucket's value is the kind's aggregate (mean of a level,
   * sum of a count, max of an alarm quantity), with min, max and the number of readings.
   */
  telemetry: procedure.input(deviceTelemetryInputSchema).query(async ({ ctx, input }) => {
    const { rows } = await ctx.pool.query<{ grid_code: string; code: string; kind: DeviceKind }>('SELECT grid_code, code, kind FROM devices WHERE id = $1', [input.id]);
    const d = rows[0];
    if (!d) throw notFound(`no device with id ${input.id}`);
    assertInScope(ctx, d.grid_code, `device ${d.code}`);
    const window = TELEMETRY_WINDOWS[input.window];
    const to = input.end ? new Date(input.end) : new Date();
    const from = new Date(to.getTime() - window.ms);
    const result = await ctx.pool.query<{ metric: number; bucket: Date; avg: number; min: number; max: number; sum: number; n: number }>(
      sql('device-telemetry'),
      [input.id, from.toISOString(), to.toISOString(), window.bucketS],
    );
    const series = DEVICE_KINDS[d.kind].metrics.map((key) => {
      const m = METRICS[key];
      const points = result.rows
        .filter((r) => r.metric === m.id)
        .map((r) => ({ t: new Date(r.bucket).getTime(), value: Math.round(r[m.aggregate] * 100) / 100, min: r.min, max: r.max, n: r.n }));
      return { metric: key, zh: m.zh, en: m.en, unit: m.unit, aggregate: m.aggregate, points };
    });
    return {
      deviceId: input.id,
      window: input.window,
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds: window.bucketS,
      readings: result.rows.reduce((s, r) => s + r.n, 0),
      series,
      /** Readings of metrics the kind no longer reports are counted but not charted. */
      unknownMetrics: [...new Set(result.rows.map((r) => r.metric))].filter((id) => !metricById(id)),
    };
  }),
});
