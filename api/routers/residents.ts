import { router, procedure, notFound, caller, assertInScope, listArea } from '../trpc';
import { query, queryOne } from '../sql';
import type { ResidentRow } from '../sql/rows';
import { residentsListInputSchema, residentRevealInputSchema } from '../schemas';
import { maskIdNumber, maskName, maskPhone } from '../auth/mask';
import { writeAudit } from '../auth/session';

function resident(r: ResidentRow, masked: boolean) {
  return {
    id: r.id,
    name: masked ? maskName(r.name) : r.name,
    gender: r.gender,
    birthYear: r.birth_year,
    phone: masked ? maskPhone(r.phone) : r.phone,
    idNumber: masked ? maskIdNumber(r.id_number) : r.id_number,
    category: r.category,
    careNote: r.care_note,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    buildingId: r.building_id,
    address: r.address,
    masked,
  };
}

export const residentsRouter = router({
  /** Special groups (特殊人群) of an area in scope, always masked. */
  list: procedure.input(residentsListInputSchema).query(async ({ ctx, input }) => {
    // Listing an area above one's scope lists one's own part of it.
    const area = listArea(ctx, input.areaCode);
    const rows = await query(ctx.pool, 'residents-list', [area, input.category ?? null, input.limit, input.offset]);
    return { areaCode: area, total: rows[0]?.total ?? 0, items: rows.map((r) => resident(r, true)) };
  }),

  /** One resident unmasked, for a role whose work needs it; the read and its reason go to the audit log. */
  reveal: procedure.input(residentRevealInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const r = await queryOne(ctx.pool, 'resident-by-id', [input.id]);
    if (!r) throw notFound(`no resident with id ${input.id}`);
    assertInScope(ctx, r.grid_code, 'resident');
    await writeAudit(ctx.pool, user, ctx.ip, {
      action: 'residents.reveal',
      targetType: 'resident',
      targetId: r.id,
      areaCode: r.grid_code,
      detail: { reason: input.reason },
    });
    return resident(r, false);
  }),
});
