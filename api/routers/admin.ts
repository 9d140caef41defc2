import { TRPCError } from '@trpc/server';
import { router, procedure, caller, assertInScope, notFound, badRequest, type Context } from '../trpc';
import { query, queryOne } from '../sql';
import { createAccountInputSchema, updateAccountInputSchema } from '../schemas';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { accountOf, writeAudit } from '../auth/session';
import type { Role } from '../../tiles/domain/roles';


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
});
