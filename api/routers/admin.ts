import { TRPCError } from '@trpc/server';
import { router, procedure, caller, assertInScope, notFound, badRequest, type Context } from '../trpc';
import { query, queryOne } from '../sql';
import { createAccountInputSchema, createDisplayInputSchema, displayByIdInputSchema, updateAccountInputSchema, updateDisplayInputSchema } from '../schemas';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { accountOf, newToken, tokenHash, writeAudit } from '../auth/session';
import type { Role } from '../../tiles/domain/roles';
import type { DisplayListRow } from '../sql/rows';

/**
 * The password hash of a display account: not a hash of anything (verifyPassword refuses it without work), so
 * no password signs a display in; its token does (auth.displayLogin).
 */
export const NO_PASSWORD = '!display: signs in with its token, never a password';

/** Display accounts belong to wall screens: made and changed through the display procedures, not as people's accounts. */
function refuseDisplayRole(role: Role | undefined): void {
  if (role === 'display') throw badRequest('role: display accounts are made with admin.createDisplay');
}

/** A display as administrators see it: never its token. */
function displayOf(r: DisplayListRow) {
  return {
    id: r.id,
    name: r.name,
    areaCode: r.area_code,
    areaName: r.area_name,
    scenes: r.scenes,
    fit: r.fit,
    takeoverS: r.takeover_s,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

/** A display in the administrator's scope, or the refusal (NOT_FOUND, or FORBIDDEN naming the scope only). */
async function displayInScope(ctx: Context, id: number) {
  const d = await queryOne(ctx.pool, 'display-by-id', [id]);
  if (!d) throw notFound(`no display with id ${id}`);
  assertInScope(ctx, d.area_code, 'display');
  return d;
}


async function checkScopeAndDepartment(ctx: Context, scopeCode: string, role: Role, departmentCode: string | null | undefined) {
  assertInScope(ctx, scopeCode, `area ${scopeCode}`);
  const { rows } = await ctx.pool.query('SELECT 1 FROM areas WHERE code = $1', [scopeCode]);
  if (!rows.length) throw badRequest(`scopeCode: no area with code ${scopeCode}`);
  if (role === 'department_handler') {
    if (!departmentCode) throw badRequest('departmentCode: a department handler needs a department');
    const d = await ctx.pool.query('SELECT 1 FROM departments WHERE code = $1', [departmentCode]);
    if (!d.rows.length) throw badRequest(`departmentCode: no department ${departmentCode}`);
  } else if (departmentCode) {
    throw badRequest(`departmentCode: only department handlers belong to a department, not the role ${role}`);
  }
}

export const adminRouter = router({
  /** Accounts within the administrator's scope; never a password hash. */
  accounts: procedure.query(async ({ ctx }) => {
    const rows = await query(ctx.pool, 'accounts-list', [caller(ctx).scopeCode]);
    return rows.map((r) => ({
      ...accountOf(r),
      disabled: r.disabled,
      isDemo: r.is_demo,
      lockedUntil: r.locked_until?.toISOString() ?? null,
    }));
  }),

  createAccount: procedure.input(createAccountInputSchema).mutation(async ({ ctx, input }) => {
    refuseDisplayRole(input.role);
    if (/^display-\d+$/.test(input.username)) throw badRequest('username: names display-<number> are kept for wall displays');
    const problem = passwordProblem(input.password);
    if (problem) throw badRequest(`password: ${problem}`);
    await checkScopeAndDepartment(ctx, input.scopeCode, input.role, input.departmentCode);
    const hash = await hashPassword(input.password);
    try {
      const [{ id }] = await query(ctx.pool, 'account-insert', [input.username, input.displayName, input.role, input.scopeCode, input.departmentCode ?? null, hash, false]);
      await writeAudit(ctx.pool, caller(ctx), ctx.ip, {
        action: 'admin.createAccount',
        targetType: 'account',
        targetId: id,
        areaCode: input.scopeCode,
        detail: { username: input.username, role: input.role, scopeCode: input.scopeCode, departmentCode: input.departmentCode ?? null },
      });
      return { id };
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new TRPCError({ code: 'CONFLICT', message: `the username ${input.username} is taken` });
      throw err;
    }
  }),

  updateAccount: procedure.input(updateAccountInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const account = await queryOne(ctx.pool, 'account-by-id', [input.id]);
    if (!account) throw notFound(`no account with id ${input.id}`);
    assertInScope(ctx, account.scope_code, 'account');
    refuseDisplayRole(input.role);
    if (account.role === 'display') throw badRequest('id: a display account is changed with admin.updateDisplay and ended with admin.revokeDisplay');
    if (input.id === user.id && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw badRequest('an administrator cannot disable or demote their own account');
    }
    const role = input.role ?? account.role;
    const scopeCode = input.scopeCode ?? account.scope_code;
    const departmentCode = input.departmentCode === undefined ? (role === 'department_handler' ? account.department_code : null) : input.departmentCode;
    await checkScopeAndDepartment(ctx, scopeCode, role, departmentCode);
    if (input.password !== undefined) {
      const problem = passwordProblem(input.password);
      if (problem) throw badRequest(`password: ${problem}`);
    }
    const hash = input.password !== undefined ? await hashPassword(input.password) : null;
    await query(ctx.pool, 'account-update', [input.id, input.displayName ?? null, role, scopeCode, departmentCode, hash, input.disabled ?? null]);
    // A disabled account, or one whose rights changed, signs in again (and its live streams end: stillSignedIn).
    if (input.disabled || input.role || input.scopeCode || input.departmentCode !== undefined || input.password) {
      await ctx.pool.query('DELETE FROM sessions WHERE account_id = $1', [input.id]);
    }
    const changed = Object.keys(input).filter((k) => k !== 'id' && k !== 'password');
    await writeAudit(ctx.pool, user, ctx.ip, {
      action: 'admin.updateAccount',
      targetType: 'account',
      targetId: input.id,
      areaCode: scopeCode,
      detail: { changed, passwordReset: input.password !== undefined, role, scopeCode, disabled: input.disabled ?? null },
    });
    return { ok: true };
  }),

  /**
   * A new wall display (指挥大屏) of an area in scope: its account (role display, scoped to the area) and its
   * token. The answer's `url` (`/wall?token=…`) signs the screen in; the token is shown only here and stored
   * only as its SHA-256.
   */
  createDisplay: procedure.input(createDisplayInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    assertInScope(ctx, input.areaCode, 'area');
    const area = await queryOne(ctx.pool, 'area-name', [input.areaCode]);
    if (!area) throw badRequest(`areaCode: no area with code ${input.areaCode}`);
    const token = newToken();
    const [{ id, account_id }] = await query(ctx.pool, 'display-insert', [
      input.name, input.areaCode, JSON.stringify(input.scenes), input.fit, input.takeoverS, tokenHash(token), user.id, NO_PASSWORD,
    ]);
    await writeAudit(ctx.pool, user, ctx.ip, {
      action: 'admin.createDisplay',
      targetType: 'display',
      targetId: id,
      areaCode: input.areaCode,
      detail: { name: input.name, accountId: account_id, scenes: input.scenes.map((s) => s.kind), fit: input.fit, takeoverS: input.takeoverS },
    });
    return { id, url: `/wall?token=${encodeURIComponent(token)}` };
  }),

  /** Wall displays of areas in scope, with when each was last seen; never a token. */
  displays: procedure.query(async ({ ctx }) => (await query(ctx.pool, 'displays-list', [caller(ctx).scopeCode])).map(displayOf)),

  /** Rename or reconfigure a display (scenes, fit, takeover); a revoked one stays as it was. */
  updateDisplay: procedure.input(updateDisplayInputSchema).mutation(async ({ ctx, input }) => {
    const d = await displayInScope(ctx, input.id);
    if (d.revoked_at) throw badRequest('id: the display has been revoked; create a new one');
    await query(ctx.pool, 'display-update', [input.id, input.name ?? null, input.scenes ? JSON.stringify(input.scenes) : null, input.fit ?? null, input.takeoverS ?? null]);
    await writeAudit(ctx.pool, caller(ctx), ctx.ip, {
      action: 'admin.updateDisplay',
      targetType: 'display',
      targetId: input.id,
      areaCode: d.area_code,
      detail: { changed: Object.keys(input).filter((k) => k !== 'id'), name: input.name ?? d.name },
    });
    return { ok: true };
  }),

  /**
   * End a display: revoked, its account disabled and its sessions deleted, so every call of its screen is
   * UNAUTHORIZED and its live stream ends at the next session check. Revoking twice changes nothing.
   */
  revokeDisplay: procedure.input(displayByIdInputSchema).mutation(async ({ ctx, input }) => {
    const d = await displayInScope(ctx, input.id);
    const [r] = await query(ctx.pool, 'display-revoke', [input.id]);
    await writeAudit(ctx.pool, caller(ctx), ctx.ip, {
      action: 'admin.revokeDisplay',
      targetType: 'display',
      targetId: input.id,
      areaCode: d.area_code,
      detail: { name: d.name, alreadyRevoked: d.revoked_at !== null, sessionsEnded: r?.sessions_ended ?? 0 },
    });
    return { ok: true };
  }),
});
