import type { Polygon } from 'geojson';
import { router, procedure, notFound, assertInScope } from '../trpc';
import { sql } from '../sql';
import { cameraByIdInputSchema } from '../schemas';
import { ruleLabel } from '../../tiles/domain/sensing';

export const cameraRouter = router({
  /**
   * The camera card: kind, owner, status, view cone, recent video-analytics alarms, and how to watch it: the
   * camera's HLS stream where it has one, else (demo mode) the generated frame at /api/cameras/{id}/frame.svg.
   */
  byId: procedure.input(cameraByIdInputSchema).query(async ({ ctx, input }) => {
    const { rows } = await ctx.pool.query(sql('camera-by-id'), [input.id]);
    const c = rows[0];
    if (!c) throw notFound(`no camera with id ${input.id}`);
    assertInScope(ctx, c.grid_code, `camera ${c.code}`);
    const alarms = await ctx.pool.query(
      `SELECT a.id, a.rule, a.severity, a.status, a.message, a.last_at, a.occurrences, a.incident_id, i.case_no
       FROM alarms a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.camera_id = $1 ORDER BY a.last_at DESC LIMIT 10`,
      [c.id],
    );
    return {
      id: c.id as number,
      code: c.code as string,
      name: c.name as string,
      kind: c.kind as 'fixed' | 'dome' | 'ai',
      status: c.status as 'online' | 'offline',
      owner: c.owner as string,
      direction: c.direction as number,
      fov: c.fov as number,
      rangeM: c.range_m as number,
      gridCode: c.grid_code as string,
      lastSeenAt: c.last_seen_at as Date | null,
      center: [c.lng, c.lat] as [number, number],
      cone: c.cone as Polygon,
      live: c.hls_url ? { type: 'hls' as const, url: c.hls_url as string } : { type: 'frame' as const, url: `/api/cameras/${c.id}/frame.svg` },
      alarms: alarms.rows.map((a) => ({
        id: Number(a.id), rule: a.rule as string, label: ruleLabel(a.rule), severity: a.severity as string, status: a.status as string,
        message: a.message as string, lastAt: a.last_at as Date, occurrences: a.occurrences as number, incidentId: a.incident_id as number | null, caseNo: a.case_no as string | null,
      })),
    };
  }),
});
