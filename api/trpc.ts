import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type pg from 'pg';
import type { DatabaseKind } from './db/database';
import type { TileService } from '../tiles/tile-service';
import type { SeedState } from '../seed/load';

/** What every procedure gets; free of the HTTP framework so tests call `createCaller(ctx)` directly. */
export interface Context {
  pool: pg.Pool;
  databaseKind: DatabaseKind;
  tiles: TileService;
  seed: SeedState;
  mapStyleUrl?: string;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Clients get a message that names the problem and never a stack trace or SQL.
    const zod = error.cause instanceof ZodError ? error.cause : null;
    const message = zod
      ? `invalid input: ${zod.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`
      : error.code === 'INTERNAL_SERVER_ERROR'
        ? 'internal error; the server log has the details'
        : shape.message;
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path } };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;

export function notFound(message: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message });
}
