/**
 * Random and malformed input at every procedure as every role (fast-check): never an internal error,
 * never a crash, never a row from outside the caller's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TRPCError } from '@trpc/server';
import { appRouter } from '../../api/root';
import { ROLES, type Role } from '../../tiles/domain/roles';
import { inScope, isAncestorOf } from '../../api/auth/roles';
import { setLoginRateLimit } from '../../api/routers/auth';
import { createTestContext } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
let fuzzTarget = 0;
/** A wall display of the test's own that admin.updateDisplay / revokeDisplay go to (never another test's). */
let fuzzDisplay = 0;
/** A caller's procedures looked up by path at run time (`caller[ns][name](input)`), input unchecked by design. */
type DynamicCaller = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
const dynamic = (caller: Awaited<ReturnType<typeof t.callerAs>>) => caller as unknown as DynamicCaller;
const callers = new Map<Role | 'anonymous', { caller: DynamicCaller; scope: string | null }>();
beforeAll(async () => {
  t = await createTestContext();
  setLoginRateLimit(1_000_000);
  callers.set('anonymous', { caller: dynamic(await t.callerAs(null)), scope: null });
  // A wall display has no demo account (it signs in with a token): one of the test's own, in 鼓楼区.
  const wall = await t.caller.admin.createDisplay({ name: 'fuzz wall', areaCode: '350102' });
  const displayAccount = (await t.pool.query<{ username: string }>('SELECT a.username FROM displays d JOIN accounts a ON a.id = d.account_id WHERE d.id = $1', [wall.id])).rows[0].username;
  fuzzDisplay = (await t.caller.admin.createDisplay({ name: 'fuzz target', areaCode: '350102' })).id;
  const demo: Record<Role, string> = {
    leader: 'demo-leader', district_operator: 'demo-district', street_operator: 'demo-street', department_handler: 'demo-dept',
    grid_worker: 'demo-grid', planner: 'demo-planner', auditor: 'demo-auditor', admin: 'demo-admin', display: displayAccount,
  };
  const { rows } = await t.pool.query<{ id: number }>(
    `INSERT INTO accounts (username, display_name, role, scope_code, password_hash) VALUES ('fuzz-target', 'fuzz', 'planner', '350102004001', 'scrypt$x')
     ON CONFLICT (username) DO UPDATE SET display_name = 'fuzz' RETURNING id`,
  );
  fuzzTarget = rows[0].id;
  for (const role of ROLES) {
    const ctx = await t.contextFor(demo[role]);
    callers.set(role, { caller: dynamic(await t.callerAs(demo[role])), scope: ctx.user!.scopeCode });
  }
});
afterAll(async () => {
  await t.pool.end();
});

/** The errors a client may get; INTERNAL_SERVER_ERROR is a bug. */
const CLIENT_ERRORS = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'PRECONDITION_FAILED', 'TOO_MANY_REQUESTS', 'PARSE_ERROR']);

const areaCode = fc.oneof(
  fc.constantFrom('3501', '350102', '350102004', '350102004001', '350104', '350199', '350102004001001', '35010200400', ''),
  fc.stringMatching(/^35\d{0,14}$/),
);
const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('军门', '%', "'; DROP TABLE areas; --", '_', '\\', '仓山'), fc.string({ unit: 'grapheme', maxLength: 40 }));
const id = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN));
const anything = fc.anything({ maxDepth: 2, withBigInt: false });
/** Inputs shaped like a procedure's, with every field sometimes wrong. */
const inputLike = fc.oneof(
  anything,
  fc.record(
    {
      code: fc.oneof(areaCode, anything),
      areaCode: fc.oneof(areaCode, anything),
      scopeCode: fc.oneof(areaCode, anything),
      q: fc.oneof(text, anything),
      id: fc.oneof(id, anything),
      limit: fc.oneof(fc.integer({ min: -5, max: 1000 }), anything),
      offset: fc.oneof(fc.integer({ min: -5, max: 10_000_000 }), anything),
      username: fc.oneof(text, fc.stringMatching(/^[a-z0-9][a-z0-9._-]{2,12}$/)),
      password: fc.oneof(text, fc.constant('a-Long-password-1')),
      displayName: text,
      role: fc.oneof(fc.constantFrom(...ROLES), text),
      reason: text,
      category: fc.oneof(fc.constantFrom('elderly_alone', 'disabled', 'x'), anything),
      from: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text),
      to: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text),
      token: fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9_-]{43}$/)),
      name: text,
      scenes: fc.oneof(fc.array(fc.record({ kind: fc.oneof(fc.constantFrom('overview', 'areas', 'live', 'sensing', 'kpis'), text), dwellS: fc.oneof(fc.integer({ min: -5, max: 700 }), anything) }), { maxLength: 14 }), anything),
      fit: fc.oneof(fc.constantFrom('letterbox', 'stretch'), text),
      takeoverS: fc.oneof(fc.integer({ min: 0, max: 400 }), anything),
      disabled: fc.oneof(fc.boolean(), anything),
      departmentCode: fc.oneof(fc.constantFrom('gl-cgj', 'nope'), anything),
      version: fc.oneof(fc.integer({ min: -1, max: 5 }), anything),
      action: fc.oneof(fc.constantFrom('accept', 'dispatch', 'take', 'report', 'verify_pass', 'rate', 'call_up', 'acknowledge', 'merge', 'fly'), text),
      rating: fc.oneof(fc.integer({ min: -1, max: 7 }), anything),
      intoId: fc.oneof(id, anything),
      note: text,
    },
    { requiredKeys: [] },
  ),
);

/** Area codes in a result must lie in the caller's scope or above it. */
function leaks(value: unknown, scope: string): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string' && /^(code|gridCode|scopeCode|areaCode)$/.test(key) && /^3501\d*$/.test(v) && !inScope(scope, v) && !isAncestorOf(v, scope)) {
      found.push(`${key}=${v}`);
    }
  };
  walk(value);
  return found;
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>);

describe('random and malformed input', { timeout: 600_000 }, () => {
  for (const [path, proc] of procedures) {
    it(`${path}: only client errors, no out-of-scope rows, for every role`, async () => {
      const [ns, name] = path.split('.');
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...callers.keys()), inputLike, async (who, input) => {
          const { caller, scope } = callers.get(who)!;
          // Logging out would end nothing here (no cookie), but keep the callers' identities stable anyway.
          if (path === 'auth.logout') return;
          // Account changes go to an account of the test's own, never to the demo accounts other tests sign in with.
          if (path === 'admin.updateAccount' && input && typeof input === 'object' && !Array.isArray(input) && 'id' in input) {
            (input as { id: unknown }).id = Number.isInteger((input as { id: unknown }).id) ? fuzzTarget : (input as { id: unknown }).id;
          }
          if ((path === 'admin.updateDisplay' || path === 'admin.revokeDisplay') && input && typeof input === 'object' && !Array.isArray(input) && 'id' in input) {
            (input as { id: unknown }).id = Number.isInteger((input as { id: unknown }).id) ? fuzzDisplay : (input as { id: unknown }).id;
          }
          try {
            let result = await caller[ns][name](input);
            if (proc._def.type === 'subscription') {
              // A subscription checks its input and scope before its first event.
              const stream = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
              result = (await stream.next()).value;
              await stream.return?.(undefined);
            }
            if (scope && path !== 'auth.login') expect(leaks(result, scope), `${path} as ${who} with ${JSON.stringify(input)}`).toEqual([]);
          } catch (err) {
            if (!(err instanceof TRPCError)) throw new Error(`${path} as ${who} threw a non-tRPC error: ${String(err)}`, { cause: err });
            expect(CLIENT_ERRORS.has(err.code), `${path} as ${who} with ${JSON.stringify(input)}: ${err.code} ${err.message} ${String(err.cause ?? '')}`).toBe(true);
          }
        }),
        { numRuns: proc._def.type === 'mutation' ? 60 : 100, seed: 20261123 },
      );
    });
  }
});
