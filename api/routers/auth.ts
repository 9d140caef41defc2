import { TRPCError } from '@trpc/server';
import { router, procedure, type Context } from '../trpc';
import { displayLoginInputSchema, loginInputSchema } from '../schemas';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { createSession, DISPLAY_SESSION_DAYS, endSession, tokenHash, writeAudit, type SessionUser } from '../auth/session';
import { queryOne } from '../sql';
import { SharedLimit } from '../rate-limit';
import type { LoginAccountRow } from '../sql/rows';

/** After this many wrong passwords in a row an account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/**
 * Per address: at most LOGIN_RATE_LIMIT login attempts (password or display token) in 10 minutes, counted in
 * the database, so the limit holds for all API processes together.
 */
const loginLimit = new SharedLimit('login', 30, 600);

async function throttle(ctx: Context): Promise<void> {
  const wait = await loginLimit.take(ctx.pool, ctx.ip);
  if (wait) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many login attempts from this address; try again in ${Math.ceil(wait / 60)} min` });
}

/** Login attempts allowed per address in 10 minutes (LOGIN_RATE_LIMIT). */
export function setLoginRateLimit(attempts: number): void {
  loginLimit.limit = attempts;
}

// Unknown usernames and locked accounts are checked against a real hash too, so timing does not tell them apart.
let dummyHash: Promise<string> | undefined;

/**
 * The one answer to every refused login — unknown name, wrong password, locked or disabled account, a demo
 * account outside demo mode — so that no answer tells which names exist or which accounts are locked.
 */
export const LOGIN_REFUSED = `wrong username or password (after ${MAX_FAILED_LOGINS} wrong passwords an account is locked for ${LOCK_MINUTES} minutes)`;

/** The one answer to a display token that signs nothing in: unknown, malformed or revoked alike. */
export const DISPLAY_REFUSED = 'this display is unknown or has been revoked';

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

/**
 * Audit a refused login and refuse it. Entries of known accounts carry the account's scope (its
 * administrators see them); those of unknown names carry none, which the city's administrators see.
 */
async function refuse(ctx: Context, username: string, account: LoginAccountRow | undefined, action: 'auth.login_failed' | 'auth.login_locked', reason: string): Promise<never> {
  const actor = account ? { id: account.id, username: account.username, role: account.role, scopeCode: account.scope_code } : null;
  await writeAudit(ctx.pool, actor, ctx.ip, { action, targetType: 'account', targetId: account?.id, detail: { username, reason } });
  throw new TRPCError({ code: 'UNAUTHORIZED', message: LOGIN_REFUSED });
}

export const authRouter = router({
  login: procedure.input(loginInputSchema).mutation(async ({ ctx, input }) => {
    await throttle(ctx);
    // The attempt is counted before the password is checked, in one statement: parallel guesses cannot all
    // pass a lock check made before any of them was counted.
    const account = await queryOne(ctx.pool, 'account-login-attempt', [input.username, MAX_FAILED_LOGINS, LOCK_MINUTES]);
    if (!account) {
      await verifyPassword(input.password, await (dummyHash ??= hashPassword('not-a-real-account-0')));
      const known = await queryOne(ctx.pool, 'account-for-login', [input.username]);
      if (known) return refuse(ctx, input.username, known, 'auth.login_locked', 'account locked');
      return refuse(ctx, input.username, undefined, 'auth.login_failed', 'unknown username');
    }
    // A wall display has no password (its hash matches none): it is checked against a real hash all the same, so
    // that its answer and timing are a wrong password's.
    if (account.role === 'display') {
      await verifyPassword(input.password, await (dummyHash ??= hashPassword('not-a-real-account-0')));
      return refuse(ctx, input.username, account, 'auth.login_failed', 'display account: signs in with its token');
    }
    const ok = await verifyPassword(input.password, account.password_hash);
    if (!ok) return refuse(ctx, input.username, account, 'auth.login_failed', 'wrong password');
    if (account.disabled) return refuse(ctx, input.username, account, 'auth.login_failed', 'account disabled');
    // DEMO_MODE=off: the demo accounts (whose password is documented) are closed, whatever NODE_ENV says.
    if (account.is_demo && !ctx.demo) return refuse(ctx, input.username, account, 'auth.login_failed', 'demo account outside demo mode');
    await ctx.pool.query('UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE id = $1', [account.id]);
    const session = await createSession(ctx.pool, account.id, ctx.ip, ctx.http?.userAgent);
    ctx.http?.startSession(session.token, session.csrfToken, session.expires);
    const actor = { id: account.id, username: account.username, role: account.role, scopeCode: account.scope_code };
    await writeAudit(ctx.pool, actor, ctx.ip, { action: 'auth.login', targetType: 'account', targetId: account.id });
    const scope = await queryOne(ctx.pool, 'area-name', [account.scope_code]);
    return { username: account.username, role: account.role, scopeCode: account.scope_code, scopeName: scope?.name ?? account.scope_code, expiresAt: session.expires.toISOString() };
  }),

  /**
   * A wall display signs in with the token of its URL (admin.createDisplay): a session of DISPLAY_SESSION_DAYS
   * for its account, set as the same cookies as a login's. Counted against the same per-address limit as
   * auth.login. A token that signs nothing in — unknown, malformed, revoked — gets one answer.
   */
  displayLogin: procedure.input(displayLoginInputSchema).mutation(async ({ ctx, input }) => {
    await throttle(ctx);
    const display = await queryOne(ctx.pool, 'display-login', [tokenHash(input.token)]);
    if (!display) throw new TRPCError({ code: 'UNAUTHORIZED', message: DISPLAY_REFUSED });
    const session = await createSession(ctx.pool, display.account_id, ctx.ip, ctx.http?.userAgent, DISPLAY_SESSION_DAYS * 86_400_000);
    ctx.http?.startSession(session.token, session.csrfToken, session.expires);
    const actor = { id: display.account_id, username: display.username, role: display.role, scopeCode: display.scope_code };
    await writeAudit(ctx.pool, actor, ctx.ip, { action: 'auth.displayLogin', targetType: 'display', targetId: display.id, areaCode: display.area_code });
    const scope = await queryOne(ctx.pool, 'area-name', [display.scope_code]);
    return {
      displayId: display.id,
      name: display.name,
      username: display.username,
      role: display.role,
      scopeCode: display.scope_code,
      scopeName: scope?.name ?? display.scope_code,
      expiresAt: session.expires.toISOString(),
    };
  }),

  me: procedure.query(({ ctx }) => (ctx.user ? publicUser(ctx.user) : null)),

  logout: procedure.mutation(async ({ ctx }) => {
    if (ctx.user) await writeAudit(ctx.pool, ctx.user, ctx.ip, { action: 'auth.logout', targetType: 'account', targetId: ctx.user.id });
    await endSession(ctx.pool, ctx.http?.sessionToken);
    ctx.http?.endSession();
    return { ok: true };
  }),
});
