import { router, procedure, caller } from '../trpc';
import { query } from '../sql';
import { auditListInputSchema } from '../schemas';

export const auditRouter = router({
  /** The audit log of actors (or about areas) in the caller's scope, newest first. Read-only: no procedure writes it but the log itself. */
  list: procedure.input(auditListInputSchema).query(async ({ ctx, input }) => {
    const user = caller(ctx);
    const rows = await query(ctx.pool, 'audit-list', [
      user.scopeCode,
      input.username ?? null,
      input.action ?? null,
      input.from ?? null,
      input.to ?? null,
      input.limit,
      input.offset,
    ]);
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        username: r.username,
        role: r.role,
        scopeCode: r.scope_code,
        ip: r.ip,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        areaCode: r.area_code,
        detail: r.detail,
      })),
    };
  }),
});
