/**
 * Where telemetry is kept: readings in day partitions (made as needed, dropped after the retention window),
 * and on each device its last values, when it was last heard from and whether it is online — parking lots
 * take their sensors' occupancy.
 */
import type pg from 'pg';
import { query } from '../sql';
import type { LockedDeviceRow } from '../sql/rows';
import type { LastValue } from '../../tiles/domain/sensing';

/** One reading as the insert takes it: device id, metric id, time (ISO), value. */
export interface ReadingRow {
  d: number;
  m: number;
  t: string;
  v: number;
}

/** What a batch tells about a device: when it was last heard from, its last values, a lot's occupancy. */
export interface DeviceReport {
  id: number;
  seen: Date;
  vals: Record<string, LastValue>;
  occupied: number | null;
}

/** Day partitions known to exist, per database (pool). */
const partitionDays = new WeakMap<pg.Pool, Set<string>>();

const dayOf = (t: Date) => t.toISOString().slice(0, 10);

/** Make sure the day partitions of these times exist (remembered per database). */
async function ensurePartitions(pool: pg.Pool, client: pg.ClientBase, times: Date[]): Promise<void> {
  let knownDays = partitionDays.get(pool);
  if (!knownDays) partitionDays.set(pool, (knownDays = new Set()));
  const days = [...new Set(times.map(dayOf))].filter((d) => !knownDays.has(d)).sort();
  if (!days.length) return;
  await client.query('SELECT ensure_reading_partitions($1::date, $2::date)', [days[0], days.at(-1)]);
  for (const d of days) knownDays.add(d);
}

/**
 * Partitions for yesterday to the day after tomorrow exist; those wholly past the retention window are
 * dropped. Returns how many were dropped.
 */
export async function maintainPartitions(pool: pg.Pool, now: Date, retentionDays: number): Promise<number> {
  const day = (offsetDays: number) => dayOf(new Date(now.getTime() + offsetDays * 86_400_000));
  await pool.query('SELECT ensure_reading_partitions($1::date, $2::date)', [day(-1), day(2)]);
  const dropped = (await pool.query<{ n: number }>('SELECT drop_reading_partitions($1::date) AS n', [day(-retentionDays)])).rows[0].n;
  if (dropped) partitionDays.delete(pool);
  return dropped;
}

/** The devices a batch names, by code, locked until the transaction ends. */
export async function lockDevices(client: pg.PoolClient, codes: string[]): Promise<Map<string, LockedDeviceRow>> {
  const rows = await query(client, 'devices-lock', [[...new Set(codes)]]);
  return new Map(rows.map((d) => [d.code, d]));
}

/** Store readings (in the caller's transaction); one already stored is skipped. Returns how many were new. */
export async function insertReadings(pool: pg.Pool, client: pg.PoolClient, readings: ReadingRow[]): Promise<number> {
  if (!readings.length) return 0;
  await ensurePartitions(pool, client, readings.map((r) => new Date(r.t)));
  const [{ inserted }] = await query(client, 'readings-insert', [JSON.stringify(readings)]);
  return inserted;
}

/** Devices that reported: last seen, last values, online again. Returns the ids of those that were offline. */
export async function reportDevices(client: pg.PoolClient, reports: DeviceReport[]): Promise<number[]> {
  if (!reports.length) return [];
  const report = reports.map((r) => ({ id: r.id, seen: r.seen.toISOString(), vals: r.vals, occupied: r.occupied }));
  return (await query(client, 'devices-report', [JSON.stringify(report)])).map((r) => r.id);
}
