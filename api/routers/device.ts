import { router, procedure, notFound, assertInScope, caller } from '../trpc';
import { departmentFilter } from '../cases/store';
import { query, queryOne } from '../sql';
import { deviceByIdInputSchema, deviceTelemetryInputSchema, TELEMETRY_WINDOWS } from '../schemas';
import { DEVICE_KINDS, METRICS, metricById } from '../../tiles/domain/sensing';
import { recentAlarm } from './alarm';

export const deviceRouter = router({
  /** The device card: what it is, where, its state, latest values and recent alarms. */
  byId: procedure.input(deviceByIdInputSchema).query(async ({ ctx, input }) => {
    const d = await queryOne(ctx.pool, 'device-by-id', [input.id]);
    if (!d) throw notFound(`no device with id ${input.id}`);
    assertInScope(ctx, d.grid_code, 'device');
    // A department handler sees the alarms of its department's cases only, as in alarm.list.
    const alarms = await query(ctx.pool, 'device-alarms', [d.id, departmentFilter(caller(ctx))]);
    const last = d.last_values;
    return {
      id: d.id,
      code: d.code,
      name: d.name,
      kind: d.kind,
      status: d.status,
      gridCode: d.grid_code,
      heartbeatMinutes: Math.round(d.heartbeat_s / 60),
      installedAt: d.installed_at,
      lastSeenAt: d.last_seen_at,
      center: [d.lng, d.lat] as [number, number],
      building: d.building_id !== null ? { id: d.building_id, address: d.building_address, builtYear: d.building_built_year } : null,
      parking: d.parking_id !== null ? { id: d.parking_id, name: d.parking_name, capacity: d.parking_capacity, occupied: d.parking_occupied } : null,
      /** The latest reading of each metric the kind reports (null: none yet). */
      latest: DEVICE_KINDS[d.kind].metrics.map((m) => ({ metric: m, unit: METRICS[m].unit, value: last[m]?.v ?? null, at: last[m]?.at ?? null })),
      alarms: alarms.map((a) => ({ ...recentAlarm(a), firstAt: a.first_at })),
    };
  }),

  /**
   * A device's telemetry over the last 24 h (15-minute buckets) or 7 d (hourly), ending at `end` (default now):
   * readings in (end − window, end]. Per metric the bucket's value is the kind's aggregate (mean of a level,
   * sum of a count, max of an alarm quantity), with min, max and the number of readings.
   */
  telemetry: procedure.input(deviceTelemetryInputSchema).query(async ({ ctx, input }) => {
    const d = await queryOne(ctx.pool, 'device-scope', [input.id]);
    if (!d) throw notFound(`no device with id ${input.id}`);
    assertInScope(ctx, d.grid_code, 'device');
    const window = TELEMETRY_WINDOWS[input.window];
    const to = input.end ? new Date(input.end) : new Date();
    const from = new Date(to.getTime() - window.ms);
    const rows = await query(ctx.pool, 'device-telemetry', [input.id, from.toISOString(), to.toISOString(), window.bucketS]);
    const series = DEVICE_KINDS[d.kind].metrics.map((key) => {
      const m = METRICS[key];
      const points = rows
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
      readings: rows.reduce((s, r) => s + r.n, 0),
      series,
      /** Readings of metrics the kind no longer reports are counted but not charted. */
      unknownMetrics: [...new Set(rows.map((r) => r.metric))].filter((id) => !metricById(id)),
    };
  }),
});
