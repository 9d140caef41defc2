import { router, procedure } from '../trpc';
import { sql } from '../sql';

export const systemRouter = router({
  /** What the dashboard needs before it draws: map style, seed summary, tile encoder, case types. */
  config: procedure.query(async ({ ctx }) => ({
    mapStyleUrl: ctx.mapStyleUrl ?? null,
    databaseKind: ctx.databaseKind,
    tileEncoder: ctx.tiles.encoder,
    seed: { seed: ctx.seed.seed, scale: ctx.seed.scale, counts: ctx.seed.counts },
    /** The case classification (事件/部件), for forms and filters. */
    caseTypes: (await ctx.pool.query(sql('incident-types'))).rows.map((r) => ({ code: r.code as string, name: r.name as string, nameEn: r.name_en as string, major: r.major as string })),
  })),
});
