import { router, procedure, notFound, forbidden, caller, scopeRelation } from '../trpc';
import { query, queryOne } from '../sql';
import type { AreaLiveRow, AreaRow } from '../sql/rows';
import { areaGetInputSchema, areaSearchInputSchema, childCodeLength } from '../schemas';

const NO_LIVE: Omit<AreaLiveRow, 'code'> = { open_incidents: 0, cameras_total: 0, cameras_online: 0, parking_capacity: 0, parking_free: 0, devices_total: 0, devices_online: 0, alarms_open: 0 };

function figures(inventory: Pick<AreaRow, 'households' | 'population' | 'building_count' | 'facility_count'>, live: Omit<AreaLiveRow, 'code'>) {
  return {
    population: inventory.population,
    households: inventory.households,
    buildings: inventory.building_count,
    facilities: inventory.facility_count,
    openIncidents: live.open_incidents,
    camerasOnline: live.cameras_online,
    camerasTotal: live.cameras_total,
    parkingCapacity: live.parking_capacity,
    parkingFree: live.parking_free,
    devicesTotal: live.devices_total,
    devicesOnline: live.devices_online,
    /** Alarms not yet closed (open or acknowledged). */
    alarmsOpen: live.alarms_open,
  };
}
export type AreaFigures = ReturnType<typeof figures>;

export const areaRouter = router({
  /** An area with its breadcrumb, bbox, children and summary figures; drives the drill-down. */
  get: procedure.input(areaGetInputSchema).query(async ({ ctx, input }) => {
    const area = await queryOne(ctx.pool, 'area-by-code', [input.code]);
    if (!area) throw notFound(`no area with code ${input.code}`);
    const relation = scopeRelation(ctx, area.code);
    const user = caller(ctx);
    if (!relation) throw forbidden(`area ${area.code} (${area.name}) lies outside your scope ${user.scopeCode} (${user.scopeName})`);
    const childLength = childCodeLength(area.code);
    const [ancestors, children, live] = await Promise.all([
      query(ctx.pool, 'area-ancestors', [area.code]),
      query(ctx.pool, 'area-children', [area.code]),
      query(ctx.pool, 'area-live-figures', [area.code, childLength]),
    ]);
    const liveByCode = new Map(live.map((r) => [r.code, r]));
    const total = live.reduce(
      (acc, r) => ({
        open_incidents: acc.open_incidents + r.open_incidents,
        cameras_total: acc.cameras_total + r.cameras_total,
        cameras_online: acc.cameras_online + r.cameras_online,
        parking_capacity: acc.parking_capacity + r.parking_capacity,
        parking_free: acc.parking_free + r.parking_free,
        devices_total: acc.devices_total + r.devices_total,
        devices_online: acc.devices_online + r.devices_online,
        alarms_open: acc.alarms_open + r.alarms_open,
      }),
      NO_LIVE,
    );
    return {
      code: area.code,
      name: area.name,
      level: area.level,
      parentCode: area.parent_code,
      ancestors,
      bbox: [area.w, area.s, area.e, area.n] as [number, number, number, number],
      center: [area.lng, area.lat] as [number, number],
      figures: figures(area, total),
      /** 'above': an area over the caller's scope, shown as aggregates with only the child that leads back in. */
      scope: relation,
      children: children.filter((c) => relation === 'in' || user.scopeCode.startsWith(c.code)).map((c) => ({
        code: c.code,
        name: c.name,
        level: c.level,
        center: [c.lng, c.lat] as [number, number],
        figures: figures(c, liveByCode.get(c.code) ?? NO_LIVE),
      })),
    };
  }),

  /** Areas and buildings matching a name, code, doorplate or address. */
  search: procedure.input(areaSearchInputSchema).query(async ({ ctx, input }) => {
    const [areas, buildings] = await Promise.all([
      query(ctx.pool, 'area-search', [input.q, input.limit, caller(ctx).scopeCode]),
      query(ctx.pool, 'building-search', [input.q, Math.min(input.limit, 8), caller(ctx).scopeCode]),
    ]);
    return {
      areas,
      buildings: buildings.map(({ lng, lat, ...b }) => ({ ...b, center: [lng, lat] as [number, number] })),
    };
  }),
});
