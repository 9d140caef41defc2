import { TRPCError } from '@trpc/server';
import { router, procedure, caller, assertInScope, notFound, badRequest, type Context } from '../trpc';
import { sql } from '../sql';
import { createAccountInputSchema, updateAccountInputSchema } from '../schemas';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { writeAudit } from '../auth/session';
import type { Role } from '../../tiles/domain/roles';


async function checkScopeAndDepartment(ctx: Context, scopeCode: string, role: Role, departmentCode: string | null | undefined) {
  assertInScope(ctx, scopeCode, `scope ${scopeCode}`);
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
    const { rows } = await ctx.pool.query(sql('accounts-list'), [caller(ctx).scopeCode]);
    return rows.map((r) => ({
      id: r.id as number,
      username: r.username as string,
      displayName: r.display_name as string,
      role: r.role as Role,
      scopeCode: r.scope_code as string,
      scopeName: r.scope_name as string,
      departmentCode: r.department_code as string | null,
      disabled: r.disabled as boolean,
      isDemo: r.is_demo as boolean,
      lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
    }));
  }),

  createAccount: procedure.input(createAccountInputSchema).mutation(async ({ ctx, input }) => {
    const problem = passwordProblem(input.password);
    if (problem) throw badRequest(`password: ${problem}`);
    await checkScopeAndDepartment(ctx, input.scopeCode, input.role, input.departmentCode);
    const hash = await hashPassword(input.password);
    try {
      const { rows } = await ctx.pool.query<{ id: number }>(
        `INSERT INTO accounts (username, display_name, role, scope_code, department_code, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [input.username, input.displayName, input.role, input.scopeCode, input.departmentCode ?? null, hash],
      );
      await writeAudit(ctx.pool, caller(ctx), ctx.ip, {
        action: 'admin.createAccount',
        targetType: 'account',
        targetId: rows[0].id,
        areaCode: input.scopeCode,
        detail: { username: input.username, role: input.role, scopeCode: input.scopeCode, departmentCode: input.departmentCode ?? null },
      });
      return { id: rows[0].id };
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new TRPCError({ code: 'CONFLICT', message: `the username ${input.username} is taken` });
      throw err;
    }
  }),

  updateAccount: procedure.input(updateAccountInputSchema).mutation(async ({ ctx, input }) => {
    const user = caller(ctx);
    const { rows } = await ctx.pool.query<{ id: number; role: Role; scope_code: string; department_code: string | null }>(
      'SELECT id, role, scope_code, department_code FROM accounts WHERE id = $1',
      [input.id],
    );
    const account = rows[0];
    if (!account) throw notFound(`no account with id ${input.id}`);
    assertInScope(ctx, account.scope_code, `account ${input.id}`);
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
    await ctx.pool.query(
      `UPDATE accounts SET display_name = coalesce($2, display_name), role = $3, scope_code = $4, department_code = $5,
              password_hash = coalesce($6, password_hash), is_demo = is_demo AND $6::text IS NULL,
              disabled = coalesce($7, disabled), failed_logins = 0, locked_until = CASE WHEN $6::text IS NULL THEN locked_until END,
              updated_at = now()
       WHERE id = $1`,
      [input.id, input.displayName ?? null, role, scopeCode, departmentCode, hash, input.disabled ?? null],
    );
    // A disabled account, or one whose rights changed, signs in again.
    if (input.disabled || input.role || input.scopeCode || input.password) await ctx.pool.query('DELETE FROM sessions WHERE account_id = $1', [input.id]);
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
