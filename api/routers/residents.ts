import { router, procedure, notFound, caller, assertInScope, listArea } from '../trpc';
import { sql } from '../sql';
import { residentsListInputSchema, residentRevealInputSchema } from '../schemas';
import { maskIdNumber, maskName, maskPhone } from '../auth/mask';
import { writeAudit } from '../auth/session';

interface ResidentRow {
  id: number;
  name: string;
  gender: 'F' | 'M';
  birth_year: number;
  phone: string;
  id_number: string;
  category: string;
  care_note: string;
  grid_code: string;
  grid_name: string;
  building_id: number;
  address: string;
}

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
    const { rows } = await ctx.pool.query<ResidentRow & { total: number }>(sql('residents-list'), [area, input.category ?? null, input.limit, input.offset]);
    return { areaCode: area, total: rows[0]?.total ?? 0, items: rows.map((r) => resident(r, true)) };
  }),

  /** One resident unmasked, for a role whose work needs it; the read and its reason go to the audit log. */
  reveal: procedure.input(residentRevealInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const { rows } = await ctx.pool.query<ResidentRow>(sql('resident-by-id'), [input.id]);
    const r = rows[0];
    if (!r) throw notFound(`no resident with id ${input.id}`);
    assertInScope(ctx, r.grid_code, `resident ${input.id}`);
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
