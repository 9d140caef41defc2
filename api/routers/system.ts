import { router, procedure } from '../trpc';
import { query } from '../sql';

export const systemRouter = router({
  /** What the dashboard needs before it draws: map style, seed summary, tile encoder, case types. */
  config: procedure.query(async ({ ctx }) => ({
    mapStyleUrl: ctx.mapStyleUrl ?? null,
    databaseKind: ctx.databaseKind,
    tileEncoder: ctx.tiles.encoder,
    seed: { seed: ctx.seed.seed, scale: ctx.seed.scale, counts: ctx.seed.counts },
    /** The case classification (事件/部件), for forms and filters. */
    caseTypes: (await query(ctx.pool, 'incident-types')).map((r) => ({ code: r.code, name: r.name, nameEn: r.name_en, major: r.major })),
  })),
});
