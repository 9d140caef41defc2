import { router, procedure, notFound, assertInScope, caller } from '../trpc';
import { departmentFilter } from '../cases/store';
import { query, queryOne } from '../sql';
import { cameraByIdInputSchema } from '../schemas';
import { recentAlarm } from './alarm';

export const cameraRouter = router({
  /**
   * The camera card: kind, owner, status, view cone, recent video-analytics alarms, and how to watch it: the
   * camera's HLS stream where it has one, else (demo mode) the generated frame at /api/cameras/{id}/frame.svg.
   */
  byId: procedure.input(cameraByIdInputSchema).query(async ({ ctx, input }) => {
    const c = await queryOne(ctx.pool, 'camera-by-id', [input.id]);
    if (!c) throw notFound(`no camera with id ${input.id}`);
    assertInScope(ctx, c.grid_code, 'camera');
    // A department handler sees the alarms of its department's cases only, as in alarm.list.
    const alarms = await query(ctx.pool, 'camera-alarms', [c.id, departmentFilter(caller(ctx))]);
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      kind: c.kind,
      status: c.status,
      owner: c.owner,
      direction: c.direction,
      fov: c.fov,
      rangeM: c.range_m,
      gridCode: c.grid_code,
      lastSeenAt: c.last_seen_at,
      center: [c.lng, c.lat] as [number, number],
      cone: c.cone,
      live: c.hls_url ? { type: 'hls' as const, url: c.hls_url } : { type: 'frame' as const, url: `/api/cameras/${c.id}/frame.svg` },
      alarms: alarms.map(recentAlarm),
    };
  }),
});
