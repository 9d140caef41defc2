import { router, procedure } from '../trpc';

export const systemRouter = router({
  /** What the dashboard needs before it draws: map style, seed summary, tile encoder. */
  config: procedure.query(({ ctx }) => ({
    mapStyleUrl: ctx.mapStyleUrl ?? null,
    databaseKind: ctx.databaseKind,
    tileEncoder: ctx.tiles.encoder,
    seed: { seed: ctx.seed.seed, scale: ctx.seed.scale, counts: ctx.seed.counts },
  })),
});
