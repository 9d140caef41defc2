import { router, procedure } from '../trpc';

export const systemRouter = router({
  /** What the dashboard needs before it draws: map style, seed summary, tile encoder, case types. */
  config: procedure.query(async ({ ctx }) => ({
    mapStyleUrl: ctx.mapStyleUrl ?? null,
    databaseKind: ctx.databaseKind,
    tileEncoder: ctx.tiles.encoder,
    seed: { seed: ctx.seed.seed, scale: ctx.seed.scale, counts: ctx.seed.counts },
    /** The case classification (事件/部件), for forms and filters. */
    caseTypes: (await ctx.pool.query(`SELECT code, name, name_en AS "nameEn", major FROM incident_types ORDER BY code`)).rows as { code: string; name: string; nameEn: string; major: string }[],
  })),
});
