import type { Polygon } from 'geojson';
import { router, procedure, notFound, assertInScope, caller } from '../trpc';
import { sql } from '../sql';
import { buildingByIdInputSchema } from '../schemas';

interface BuildingRow {
  id: number;
  name: string | null;
  address: string;
  doorplate: string;
  use: string;
  floors: number;
  height: number;
  built_year: number;
  households: number;
  pop_0_14: number;
  pop_15_59: number;
  pop_60_plus: number;
  grid_code: string;
  lng: number;
  lat: number;
  footprint: Polygon;
}

export const buildingRouter = router({
  /** Everything the building card shows. */
  byId: procedure.input(buildingByIdInputSchema).query(async ({ ctx, input }) => {
    const { rows } = await ctx.pool.query<BuildingRow>(sql('building-by-id'), [input.id]);
    const b = rows[0];
    if (!b) throw notFound(`no building with id ${input.id}`);
    assertInScope(ctx, b.grid_code, `building ${input.id}`);
    const [ancestors, facilities, incidents, devices] = await Promise.all([
      ctx.pool.query<{ code: string; name: string; level: string }>(
        `SELECT code, name, level FROM areas WHERE code = ANY ($1::text[]) ORDER BY length(code)`,
        [[4, 6, 9, 12, 15].map((n) => b.grid_code.slice(0, n))],
      ),
      ctx.pool.query<{ id: number; name: string; kind: string; distance_m: number }>(sql('building-nearby-facilities'), [b.id]),
      ctx.pool.query<{ id: number; case_no: string; type_name: string; major: string; source: string; status: string; reported_at: Date; distance_m: number }>(
        sql('building-recent-incidents'),
        [b.id, caller(ctx).scopeCode],
      ),
      // Its sensors: smoke or heat detectors, a building-safety monitor.
      ctx.pool.query<{ id: number; code: string; kind: string; status: string; alarm: boolean }>(
        `SELECT d.id, d.code, d.kind, d.status, EXISTS (SELECT 1 FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed') AS alarm
         FROM devices d WHERE d.building_id = $1 ORDER BY d.id`,
        [b.id],
      ),
    ]);
    return {
      id: b.id,
      name: b.name,
      address: b.address,
      doorplate: b.doorplate,
      use: b.use,
      floors: b.floors,
      height: b.height,
      builtYear: b.built_year,
      households: b.households,
      population: { age0to14: b.pop_0_14, age15to59: b.pop_15_59, age60plus: b.pop_60_plus, total: b.pop_0_14 + b.pop_15_59 + b.pop_60_plus },
      center: [b.lng, b.lat] as [number, number],
      footprint: b.footprint,
      /** City → grid, for the breadcrumb. */
      ancestors: ancestors.rows,
      nearbyFacilities: facilities.rows.map((f) => ({ id: f.id, name: f.name, kind: f.kind, distanceM: f.distance_m })),
      recentIncidents: incidents.rows.map((i) => ({
        id: i.id,
        caseNo: i.case_no,
        typeName: i.type_name,
        major: i.major,
        source: i.source,
        status: i.status,
        reportedAt: new Date(i.reported_at).toISOString(),
        distanceM: i.distance_m,
      })),
      devices: devices.rows.map((d) => ({ id: d.id, code: d.code, kind: d.kind, status: d.status, alarm: d.alarm })),
    };
  }),
});
