import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { query, queryOne } from '../sql';
import type { AccountColumns } from '../sql/rows';
import type { Role } from '../../tiles/domain/roles';

/** Sessions last a working shift and a half; logout ends them at once. */
export const SESSION_HOURS = 12;
/** A wall display's session (auth.displayLogin) lasts a month; the wall signs in again with its token when it ends. */
export const DISPLAY_SESSION_DAYS = 30;
export const SESSION_COOKIE = 'cb_session';
export const CSRF_COOKIE = 'cb_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  scopeName: string;
  departmentCode: string | null;
  departmentName: string | null;
  csrfToken: string;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest();
export const newToken = () => randomBytes(32).toString('base64url');

/** A new session of an account: its cookie's token (only the hash is stored), CSRF token and expiry (default SESSION_HOURS). */
export async function createSession(pool: pg.Pool, accountId: number, ip: string, userAgent: string | undefined, lifetimeMs = SESSION_HOURS * 3600_000) {
  const token = newToken();
  const csrfToken = newToken();
  const expires = new Date(Date.now() + lifetimeMs);
  await query(pool, 'session-insert', [tokenHash(token), accountId, csrfToken, ip, userAgent?.slice(0, 300) ?? null, expires]);
  return { token, csrfToken, expires };
}

export async function sessionUser(pool: pg.Pool, token: string | undefined): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const r = await queryOne(pool, 'session-user', [tokenHash(token)]);
  if (!r) return null;
  return { ...accountOf(r), departmentName: r.department_name, csrfToken: r.csrf_token };
}

/** Who an account is, from its row (the account list, a session's user). */
export function accountOf(r: AccountColumns) {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    scopeCode: r.scope_code,
    scopeName: r.scope_name,
    departmentCode: r.department_code,
  };
}

/**
 * Session lookups for tile requests, remembered for a few seconds: a map view asks for dozens of tiles at
 * once, and one database round trip per tile would double the cost of a cached tile. tRPC calls always ask
 * the database, so logout and disabling take effect there at once; tiles follow within `ttlMs`.
 */
export function rememberedSessions(pool: pg.Pool, ttlMs = 5000, max = 10_000) {
  const seen = new Map<string, { user: SessionUser | null; at: number }>();
  // Lookups under way: a burst of requests with one cookie (a map's tiles) waits for one query, not one each.
  const looking = new Map<string, Promise<SessionUser | null>>();
  return async (token: string | undefined): Promise<SessionUser | null> => {
    if (!token) return null;
    const hit = seen.get(token);
    if (hit && Date.now() - hit.at < ttlMs) return hit.user;
    let lookup = looking.get(token);
    if (!lookup) {
      const at = Date.now();
      lookup = sessionUser(pool, token).then((user) => {
        seen.delete(token);
        seen.set(token, { user, at });
        if (seen.size > max) seen.delete(seen.keys().next().value!);
        return user;
      }).finally(() => looking.delete(token));
      looking.set(token, lookup);
    }
    return lookup;
  };
}

/**
 * Whether a caller still holds the rights a long-lived request (a live stream) was opened with: its session
 * (when it came with one) is still there — not logged out, expired, or ended by an administrator — and the
 * account is enabled, with the same role, scope and department.
 */
export async function stillSignedIn(pool: pg.Pool, user: SessionUser, token: string | undefined): Promise<boolean> {
  if (token) {
    const now = await sessionUser(pool, token);
    return now !== null && now.id === user.id && now.role === user.role && now.scopeCode === user.scopeCode && now.departmentCode === user.departmentCode;
  }
  // An in-process caller (no cookie): the account itself.
  const a = await queryOne(pool, 'account-by-id', [user.id]);
  return a !== undefined && !a.disabled && a.role === user.role && a.scope_code === user.scopeCode && a.department_code === user.departmentCode;
}

export async function endSession(pool: pg.Pool, token: string | undefined): Promise<void> {
  if (token) await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | number;
  areaCode?: string | null;
  detail?: Record<string, unknown>;
}

/** One row of the append-only audit log. Personal data never goes into `detail`. */
export async function writeAudit(
  pool: pg.Pool | pg.PoolClient,
  actor: Pick<SessionUser, 'id' | 'username' | 'role' | 'scopeCode'> | null,
  ip: string,
  entry: AuditEntry,
): Promise<void> {
  await query(pool, 'audit-insert', [
    actor?.id ?? null,
    actor?.username ?? (entry.detail?.username as string | undefined) ?? null,
    actor?.role ?? null,
    actor?.scopeCode ?? null,
    ip,
    entry.action,
    entry.targetType ?? null,
    entry.targetId === undefined ? null : String(entry.targetId),
    entry.areaCode ?? null,
    JSON.stringify(entry.detail ?? {}),
  ]);
}
