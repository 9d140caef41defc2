import { router, procedure, caller } from '../trpc';
import { sql } from '../sql';
import { auditListInputSchema } from '../schemas';

export const auditRouter = router({
  /** The audit log of actors (or about areas) in the caller's scope, newest first. Read-only: no procedure writes it but the log itself. */
  list: procedure.input(auditListInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const { rows } = await ctx.pool.query(sql('audit-list'), [
      user.scopeCode,
      input.username ?? null,
      input.action ?? null,
      input.from ?? null,
      input.to ?? null,
      input.limit,
      input.offset,
    ]);
    return {
      total: (rows[0]?.total as number | undefined) ?? 0,
      items: rows.map((r) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        username: r.username as string | null,
        role: r.role as string | null,
        scopeCode: r.scope_code as string | null,
        ip: r.ip as string | null,
        action: r.action as string,
        targetType: r.target_type as string | null,
        targetId: r.target_id as string | null,
        areaCode: r.area_code as string | null,
        detail: r.detail as Record<string, unknown>,
      })),
    };
  }),
});
