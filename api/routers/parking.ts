import { router, procedure, notFound } from '../trpc';
import { queryOne } from '../sql';
import { parkingByIdInputSchema, parkingNearestFreeInputSchema } from '../schemas';
import { METRICS } from '../../tiles/domain/sensing';
import { nearestFreeParking } from '../sensing/parking';
import { takePublic } from '../rate-limit';

export const parkingRouter = router({
  /**
   * Parking with free spaces nearest a point, ordered by distance on the road network (not as the crow
   * flies), each with its route from the point. Public: residents find a space too, anonymous callers within
   * the public endpoints' rate limit per address (PUBLIC_RATE_LIMIT).
   */
  nearestFree: procedure.input(parkingNearestFreeInputSchema).query(async ({ ctx, input }) => {
    if (!ctx.user) takePublic(ctx.publicLimit, ctx.ip);
    const results = await nearestFreeParking(ctx.pool, [input.lng, input.lat], input.limit);
    return { origin: [input.lng, input.lat] as [number, number], results };
  }),

  /** A lot's card: capacity, live occupancy and the last 24 hours of it, hourly. Public like the parking layer. */
  byId: procedure.input(parkingByIdInputSchema).query(async ({ ctx, input }) => {
    if (!ctx.user) takePublic(ctx.publicLimit, ctx.ip);
    const p = await queryOne(ctx.pool, 'parking-by-id', [input.id, METRICS.occupied.id]);
    if (!p) throw notFound(`no parking with id ${input.id}`);
    return {
      id: p.id,
      name: p.name,
      kind: p.kind,
      capacity: p.capacity,
      occupied: p.occupied,
      free: p.capacity - p.occupied,
      center: [p.lng, p.lat] as [number, number],
      sensor: p.device_id !== null ? { code: p.device_code, status: p.device_status, lastSeenAt: p.last_seen_at } : null,
      /** [time (ms), occupied spaces] per hour over the last day. */
      history: p.history,
    };
  }),
});
