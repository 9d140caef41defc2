import { router, procedure, notFound, assertInScope, caller } from '../trpc';
import { query, queryOne } from '../sql';
import { buildingByIdInputSchema } from '../schemas';
import { departmentFilter } from '../cases/store';

export const buildingRouter = router({
  /** Everything the building card shows. */
  byId: procedure.input(buildingByIdInputSchema).query(async ({ ctx, input }) => {
    const b = await queryOne(ctx.pool, 'building-by-id', [input.id]);
    if (!b) throw notFound(`no building with id ${input.id}`);
    assertInScope(ctx, b.grid_code, 'building');
    const [ancestors, facilities, incidents, devices] = await Promise.all([
      query(ctx.pool, 'areas-by-codes', [[4, 6, 9, 12, 15].map((n) => b.grid_code.slice(0, n))]),
      query(ctx.pool, 'building-nearby-facilities', [b.id]),
      query(ctx.pool, 'building-recent-incidents', [b.id, caller(ctx).scopeCode, departmentFilter(caller(ctx))]),
      // Its sensors: smoke or heat detectors, a building-safety monitor.
      query(ctx.pool, 'building-devices', [b.id]),
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
      ancestors,
      nearbyFacilities: facilities.map((f) => ({ id: f.id, name: f.name, kind: f.kind, distanceM: f.distance_m })),
      recentIncidents: incidents.map((i) => ({
        id: i.id,
        caseNo: i.case_no,
        typeName: i.type_name,
        major: i.major,
        source: i.source,
        status: i.status,
        reportedAt: i.reported_at.toISOString(),
        distanceM: i.distance_m,
      })),
      devices: devices.map((d) => ({ id: d.id, code: d.code, kind: d.kind, status: d.status, alarm: d.alarm })),
    };
  }),
});
