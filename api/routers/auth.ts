import { TRPCError } from '@trpc/server';
import { router, procedure, type Context } from '../trpc';
import { loginInputSchema } from '../schemas';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { createSession, endSession, writeAudit, type SessionUser } from '../auth/session';
import { query, queryOne } from '../sql';
import type { LoginAccountRow } from '../sql/rows';

/** After this many wrong passwords in a row an account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Per address: at most this many login attempts in a sliding window. */
let ipAttempts = 30;
const IP_WINDOW_MS = 10 * 60_000;
const attemptsByIp = new Map<string, number[]>();

function throttle(ip: string): void {
  const now = Date.now();
  const recent = (attemptsByIp.get(ip) ?? []).filter((t) => now - t < IP_WINDOW_MS);
  if (recent.length >= ipAttempts) {
    const wait = Math.ceil((recent[0] + IP_WINDOW_MS - now) / 60_000);
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many login attempts from this address; try again in ${wait} min` });
  }
  recent.push(now);
  attemptsByIp.set(ip, recent);
  if (attemptsByIp.size > 10_000) attemptsByIp.delete(attemptsByIp.keys().next().value!);
}

/** Login attempts allowed per address in 10 minutes (LOGIN_RATE_LIMIT); forgets earlier attempts. */
export function setLoginRateLimit(attempts: number): void {
  ipAttempts = attempts;
  attemptsByIp.clear();
}

// Unknown usernames are checked against a real hash too, so timing does not tell which names exist.
let dummyHash: Promise<string> | undefined;

export function publicUser(user: SessionUser) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scopeCode: user.scopeCode,
    scopeName: user.scopeName,
    departmentCode: user.departmentCode,
    departmentName: user.departmentName,
  };
}

async function failed(ctx: Context, username: string, account: LoginAccountRow | undefined, reason: string): Promise<never> {
  const actor = account ? { id: account.id, username: account.username, role: account.role, scopeCode: account.scope_code } : null;
  await writeAudit(ctx.pool, actor, ctx.ip, { action: 'auth.login_failed', targetType: 'account', targetId: account?.id, detail: { username, reason } });
  throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong username or password' });
}

export const authRouter = router({
  login: procedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    throttle(ctx.ip);
    const account = await queryOne(ctx.pool, 'account-for-login', [input.username]);
    if (!account) {
      await verifyPassword(input.password, await (dummyHash ??= hashPassword('not-a-real-account-0')));
      return failed(ctx, input.username, undefined, 'unknown username');
    }
    if (account.locked_until && account.locked_until > new Date()) {
      await writeAudit(ctx.pool, null, ctx.ip, { action: 'auth.login_locked', targetType: 'account', targetId: account.id, detail: { username: input.username } });
      const until = account.locked_until.toISOString().slice(11, 16);
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `account ${input.username} is locked until ${until} UTC after ${MAX_FAILED_LOGINS} wrong passwords; try again later or ask an administrator`,
      });
    }
    const ok = await verifyPassword(input.password, account.password_hash);
    if (!ok) {
      await query(ctx.pool, 'account-login-failed', [account.id, MAX_FAILED_LOGINS, LOCK_MINUTES]);
      return failed(ctx, input.username, account, 'wrong password');
    }
    if (account.disabled) return failed(ctx, input.username, account, 'account disabled');
    await ctx.pool.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1', [account.id]);
    const session = await createSession(ctx.pool, account.id, ctx.ip, ctx.http?.userAgent);
    ctx.http?.startSession(session.token, session.csrfToken, session.expires);
    const actor = { id: account.id, username: account.username, role: account.role, scopeCode: account.scope_code };
    await writeAudit(ctx.pool, actor, ctx.ip, { action: 'auth.login', targetType: 'account', targetId: account.id });
    const scope = await queryOne(ctx.pool, 'area-name', [account.scope_code]);
    return { username: account.username, role: account.role, scopeCode: account.scope_code, scopeName: scope?.name ?? account.scope_code, expiresAt: session.expires.toISOString() };
  }),

  me: procedure.query(({ ctx }) => (ctx.user ? publicUser(ctx.user) : null)),

  logout: procedure.mutation(async ({ ctx }) => {
    if (ctx.user) await writeAudit(ctx.pool, ctx.user, ctx.ip, { action: 'auth.logout', targetType: 'account', targetId: ctx.user.id });
    await endSession(ctx.pool, ctx.http?.sessionToken);
    ctx.http?.endSession();
    return { ok: true };
  }),
});
