import { initTRPC, TRPCError } from '@trpc/server';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from './db/unavailable';
import { ZodError } from 'zod';
import type pg from 'pg';
import type { DatabaseKind } from './db/database';
import type { TileService } from '../tiles/tile-service';
import type { ChangeFeed } from './cases/changes';
import type { SeedState } from './db/seed-state';
import type { SessionUser } from './auth/session';
import { permissionOf, roleAllowed } from './auth/permissions';
import { inScope, isAncestorOf } from './auth/roles';
import type { RateLimiter } from './rate-limit';

/** What every procedure gets; free of the HTTP framework so tests call `createCaller(ctx)` directly. */
export interface AppContext {
  pool: pg.Pool;
  /** Reads that may lag behind writes (leaders' figures): a replica's pool with DATABASE_READ_URL, else `pool`. */
  readPool: pg.Pool;
  databaseKind: DatabaseKind;
  tiles: TileService;
  /** Case changes as they are committed, by any API process (incident.live). */
  changes: ChangeFeed;
  seed: SeedState;
  mapStyleUrl?: string;
  /** Demo mode (DEMO_MODE): demo accounts may sign in. Off: they are refused, whatever NODE_ENV says. */
  demo: boolean;
  /** Requests per client address to public endpoints (tracking, photos, Open311 GET, parking.*). */
  publicLimit: RateLimiter;
}

/** Per request: the app's context plus who is calling. */
export interface Context extends AppContext {
  /** The signed-in account, or null for an anonymous caller. */
  user: SessionUser | null;
  /** The caller's address, for the audit log and rate limits. */
  ip: string;
  /** Session cookies, set by the HTTP layer; absent for in-process callers. */
  http?: {
    sessionToken?: string;
    userAgent?: string;
    startSession(token: string, csrfToken: string, expires: Date): void;
    endSession(): void;
  };
}

/** A zod failure as one message naming each bad field: what tRPC callers and plain HTTP routes answer. */
export function invalidInput(err: ZodError): string {
  return `invalid input: ${err.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Clients get a message that names the problem and never a stack trace or SQL.
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const message = zod
      ? invalidInput(zod)
      : error.code === 'INTERNAL_SERVER_ERROR'
        ? 'internal error; the server log has the details'
        : shape.message;
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure is built on this one: it looks its path up in the permission table and refuses
 * callers whose role is not listed there. A procedure without an entry is refused to everyone.
 */
/** A database outage is answered 503 SERVICE_UNAVAILABLE with a plain message, not 500. */
const outage = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(result.error.cause ?? result.error)) {
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: DATABASE_UNAVAILABLE, cause: result.error });
  }
  return result;
});

export const procedure = t.procedure.use(outage).use(({ ctx, path, next }) => {
  const permission = permissionOf(path);
  if (!permission) throw new TRPCError({ code: 'FORBIDDEN', message: `${path} has no entry in the permission table` });
  if (!roleAllowed(permission, ctx.user?.role ?? null)) {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: `sign in to use ${path}` });
    throw new TRPCError({ code: 'FORBIDDEN', message: `the role ${ctx.user.role} may not use ${path}` });
  }
  return next();
});

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message });
}

export function forbidden(message: string): TRPCError {
  return new TRPCError({ code: 'FORBIDDEN', message });
}

export function badRequest(message: string): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message });
}

/** The signed-in caller (the permission middleware has already refused anonymous callers where needed). */
export function caller(ctx: Context): SessionUser {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return ctx.user;
}

/**
 * Refuse a record outside the caller's scope, naming the scope but not the record: `what` is its kind ('case'),
 * never an identifier the caller may not know (a case number, a device code).
 */
export function assertInScope(ctx: Context, code: string, what: string): void {
  const user = caller(ctx);
  if (!inScope(user.scopeCode, code)) throw forbidden(`the ${what} lies outside your scope ${user.scopeCode} (${user.scopeName})`);
}

/**
 * The area a list covers: the asked one when it lies in the caller's scope, the caller's own part of it when
 * it lies above the scope; refused otherwise.
 */
export function listArea(ctx: Context, code: string): string {
  const relation = scopeRelation(ctx, code);
  const user = caller(ctx);
  if (!relation) throw forbidden(`area ${code} lies outside your scope ${user.scopeCode} (${user.scopeName})`);
  return relation === 'in' ? code : user.scopeCode;
}

/** 'in': within the scope; 'above': an ancestor of it (aggregates only); null: outside. */
export function scopeRelation(ctx: Context, code: string): 'in' | 'above' | null {
  const user = caller(ctx);
  if (inScope(user.scopeCode, code)) return 'in';
  if (isAncestorOf(code, user.scopeCode)) return 'above';
  return null;
}
