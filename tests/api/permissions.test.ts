/**
 * The permission matrix, generated from the one permission table (api/auth/permissions.ts): every
 * procedure × every role (and anonymous) × a target in scope and one outside — allowed or denied as the
 * table says. A procedure without a table entry, or without a sample here, fails the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TRPCError } from '@trpc/server';
import { appRouter } from '../../api/root';
import { PERMISSIONS, permissionOf, roleAllowed, type Permission } from '../../api/auth/permissions';
import { ROLES, type Role } from '../../tiles/domain/roles';
import { inScope, isAncestorOf } from '../../api/auth/roles';
import { hashPassword } from '../../api/auth/passwords';
import { newToken, tokenHash } from '../../api/auth/session';
import { LAYERS, type LayerDefinition } from '../../tiles/layers';
import { baseUrl, createTestContext, decodeTile, signIn, tileOf, type DecodedFeature, type HttpSession } from '../helpers';
import { displaySignIn } from './display-session';

/**
 * Every matrix account is scoped to 鼓东街道 (a street of its own: other suites work on 东街街道's cases);
 * "outside" targets lie in 仓山区.
 */
const SCOPE = '350102001';
const OUTSIDE_AREA = '350104';
const PASSWORD = 'matrix-password-1';

let t: Awaited<ReturnType<typeof createTestContext>>;
const ids: { buildingIn: number; buildingOut: number; residentIn: number; residentOut: number; accountIn: number; accountOut: number; caseIn: number; caseOut: number; actIn: number; deviceIn: number; deviceOut: number; cameraIn: number; cameraOut: number; parkingIn: number; alarmOut: number; scenarioIn: number; scenarioOut: number; displayIn: number; displayOut: number } = {} as never;
/** The token of the matrix display account's display (a display signs in with it, never with a password). */
const displayToken = newToken();
let serial = 0;
const names = { street: '', community: '' };
/** A point inside a grid of the scope, and one in 仓山区. */
const points: Record<'in' | 'out', [number, number]> = { in: [0, 0], out: [0, 0] };

beforeAll(async () => {
  t = await createTestContext();
  const hash = await hashPassword(PASSWORD);
  for (const role of ROLES) {
    await t.pool.query(
      `INSERT INTO accounts (username, display_name, role, scope_code, department_code, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, scope_code = EXCLUDED.scope_code,
         department_code = EXCLUDED.department_code, disabled = false, locked_until = NULL`,
      [`matrix-${role.replace(/_/g, '-')}`, `matrix ${role}`, role, SCOPE, role === 'department_handler' ? 'gl-cgj' : null, hash],
    );
  }
  // The matrix display account is a wall display's: its display, signed in by a token.
  await t.pool.query(
    `INSERT INTO displays (account_id, name, area_code, scenes, fit, takeover_s, token_hash)
     SELECT id, 'matrix wall', $1, '[{"kind":"overview","dwellS":30}]', 'letterbox', 30, $2 FROM accounts WHERE username = 'matrix-display'
     ON CONFLICT (account_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, area_code = EXCLUDED.area_code, revoked_at = NULL`,
    [SCOPE, tokenHash(displayToken)],
  );
  const one = async (q: string, p: unknown[]) => (await t.pool.query<{ id: number }>(q, p)).rows[0].id;
  const street = (await t.pool.query<{ name: string; community: string }>(
    `SELECT s.name, (SELECT min(code) FROM areas WHERE parent_code = s.code) AS community FROM areas s WHERE s.code = $1`,
    [SCOPE],
  )).rows[0];
  for (const [w, prefix] of [['in', SCOPE], ['out', OUTSIDE_AREA]] as const) {
    const { rows } = await t.pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE $1 || '%' ORDER BY code LIMIT 1) s`,
      [prefix],
    );
    points[w] = [rows[0].lng, rows[0].lat];
  }
  names.street = street.name;
  names.community = street.community;
  ids.buildingIn = await one(`SELECT id FROM buildings WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [SCOPE]);
  ids.buildingOut = await one(`SELECT id FROM buildings WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [OUTSIDE_AREA]);
  ids.residentIn = await one(`SELECT id FROM residents WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [SCOPE]);
  ids.residentOut = await one(`SELECT id FROM residents WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [OUTSIDE_AREA]);
  // A case of the street assigned to the matrix department handler's department, and one in 仓山区.
  ids.caseIn = await one(`SELECT id FROM incidents WHERE grid_code LIKE $1 || '%' AND department_code = 'gl-cgj' ORDER BY id LIMIT 1`, [SCOPE]);
  ids.actIn = await one(`SELECT id FROM incidents WHERE grid_code LIKE $1 || '%' AND id <> $2 ORDER BY id DESC LIMIT 1`, [SCOPE, ids.caseIn]);
  ids.caseOut = await one(`SELECT id FROM incidents WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [OUTSIDE_AREA]);
  ids.deviceIn = await one(`SELECT id FROM devices WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [SCOPE]);
  ids.deviceOut = await one(`SELECT id FROM devices WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [OUTSIDE_AREA]);
  ids.cameraIn = await one(`SELECT id FROM cameras WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [SCOPE]);
  ids.cameraOut = await one(`SELECT id FROM cameras WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [OUTSIDE_AREA]);
  ids.parkingIn = await one(`SELECT id FROM parking WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [SCOPE]);
  ids.alarmOut = await newAlarm(ids.deviceOut);
  ids.accountIn = await one(`SELECT id FROM accounts WHERE username = 'matrix-planner'`, []);
  ids.accountOut = await one(`SELECT id FROM accounts WHERE username = 'demo-street2'`, []);
  ids.scenarioIn = await newScenario(SCOPE);
  ids.scenarioOut = await newScenario(OUTSIDE_AREA);
  ids.displayIn = await newDisplay(SCOPE);
  ids.displayOut = await newDisplay(OUTSIDE_AREA);
  // A login of a matrix account, so the scope's audit log has an entry whichever sample runs first.
  await signIn('matrix-planner', PASSWORD);
});
afterAll(async () => {
  await t.pool.end();
});

/** An open alarm of a device, for one acknowledgement. */
async function newAlarm(deviceId: number): Promise<number> {
  const { rows } = await t.pool.query<{ id: string }>(
    `INSERT INTO alarms (device_id, rule, severity, message, grid_code, first_at, last_at, geom, geom3857)
     SELECT id, 'garbage.full', 'minor', 'permission matrix', grid_code, now(), now(), geom, geom3857 FROM devices WHERE id = $1 RETURNING id`,
    [deviceId],
  );
  return Number(rows[0].id);
}

/** A planners' scenario of an area, made by the matrix planner. */
async function newScenario(areaCode: string): Promise<number> {
  const { rows } = await t.pool.query<{ id: number }>(
    `INSERT INTO planning_scenarios (name, area_code, facility_type, created_by)
     SELECT 'matrix', $1, 'kindergarten', id FROM accounts WHERE username = 'matrix-planner' RETURNING id`,
    [areaCode],
  );
  return rows[0].id;
}

/** A wall display of an area, made by the city's administrator. */
async function newDisplay(areaCode: string): Promise<number> {
  return (await t.caller.admin.createDisplay({ name: 'matrix', areaCode })).id;
}

async function scenarioVersion(id: number): Promise<number> {
  return (await t.pool.query<{ version: number }>(`SELECT version FROM planning_scenarios WHERE id = $1`, [id])).rows[0].version;
}

type Caller = Awaited<ReturnType<typeof t.callerAs>>;
interface Sample {
  call(c: Caller, where: 'in' | 'out', role: Role | null): Promise<unknown>;
  /** For 'filter' procedures: the result holds nothing outside the caller's scope (and, in it, something). */
  check?(result: never, where: 'in' | 'out'): void;
}

/** Codes in a result that must lie in the scope or above it. */
function expectNoForeignCodes(value: unknown) {
  const walk = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string' && /^(code|gridCode|scopeCode|areaCode)$/.test(key) && /^3501\d*$/.test(v)) {
      expect(inScope(SCOPE, v) || isAncestorOf(v, SCOPE), `${key} ${v} outside ${SCOPE}`).toBe(true);
    }
  };
  walk(value);
}

const SAMPLES: Record<string, Sample> = {
  'system.config': { call: (c) => c.system.config() },
  'auth.login': { call: (c) => c.auth.login({ username: 'matrix-planner', password: PASSWORD }) },
  'auth.displayLogin': { call: (c) => c.auth.displayLogin({ token: displayToken }) },
  'auth.me': { call: (c) => c.auth.me() },
  'auth.logout': { call: (c) => c.auth.logout() },
  'area.get': { call: (c, w) => c.area.get({ code: w === 'in' ? names.community : OUTSIDE_AREA }) },
  'area.search': {
    call: (c, w) => c.area.search({ q: w === 'in' ? names.street : '仓山' }),
    check: (r: { areas: { code: string }[] }, w) => {
      // The street's own name finds it; '仓山' finds nothing the scope may see.
      if (w === 'in') expect(r.areas.length).toBeGreaterThan(0);
      expectNoForeignCodes(r.areas);
      expect(r.areas.every((a) => inScope(SCOPE, a.code) || isAncestorOf(a.code, SCOPE))).toBe(true);
    },
  },
  'building.byId': { call: (c, w) => c.building.byId({ id: w === 'in' ? ids.buildingIn : ids.buildingOut }) },
  'incident.list': { call: (c, w) => c.incident.list({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, limit: 20 }) },
  'metrics.kpis': { call: (c, w) => c.metrics.kpis({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, from: '2026-10-01', to: '2026-10-31' }) },
  'metrics.trend': { call: (c, w) => c.metrics.trend({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, from: '2026-10-01', to: '2026-10-31', bucket: 'week' }) },
  'metrics.departments': { call: (c, w) => c.metrics.departments({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, from: '2026-10-01', to: '2026-10-31' }) },
  'metrics.hotspots': { call: (c, w) => c.metrics.hotspots({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, from: '2026-10-01', to: '2026-10-31' }) },
  'incident.byId': { call: (c, w) => c.incident.byId({ id: w === 'in' ? ids.caseIn : ids.caseOut }) },
  'incident.create': {
    call: (c, w) =>
      c.incident.create({ typeCode: 'SJ0101', source: 'hotline_12345', description: 'matrix intake', lng: points[w][0], lat: points[w][1] }),
  },
  'incident.duplicates': {
    call: (c, w) => c.incident.duplicates({ id: w === 'in' ? ids.caseIn : ids.caseOut }),
    check: (r: { gridCode: string }[]) => r.forEach((d) => expect(inScope(SCOPE, d.gridCode)).toBe(true)),
  },
  'incident.act': {
    // A case put in the state where this role has a step to take, then that step.
    call: async (c, w, role) => {
      const id = w === 'in' ? ids.actIn : ids.caseOut;
      const plan: Partial<Record<Role, [string, string | null, string, Record<string, unknown>]>> = {
        district_operator: ['registered', null, 'dispatch', { departmentCode: 'gl-cgj' }],
        street_operator: ['registered', null, 'dispatch', { departmentCode: 'gl-cgj' }],
        department_handler: ['dispatched', 'gl-cgj', 'take', {}],
        grid_worker: ['registered', null, 'call_up', { reason: 'needs the street' }],
      };
      const [status, department, action, extra] = (role && plan[role]) ?? ['registered', null, 'dispatch', { departmentCode: 'gl-cgj' }];
      // Outside the scope the case is refused before its state matters: leave it as it is.
      const { rows } =
        w === 'out'
          ? await t.pool.query<{ version: number }>(`SELECT version FROM incidents WHERE id = $1`, [id])
          : await t.pool.query<{ version: number }>(
              `UPDATE incidents SET status = $2, department_code = $3, level = 'community', call_up_pending = false WHERE id = $1 RETURNING version`,
              [id, status, department],
            );
      return c.incident.act({ id, version: rows[0].version, action: action as never, ...extra });
    },
  },
  'incident.timeline': {
    call: (c, w) => c.incident.timeline({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() }),
  },
  'wall.config': { call: (c) => c.wall.config() },
  'incident.live': {
    // The subscription's greeting says it is following the area; refusals come before it.
    call: async (c, w) => {
      const stream = (await c.incident.live({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA }))[Symbol.asyncIterator]();
      const first = await stream.next();
      await stream.return?.(undefined);
      expect(first.value).toMatchObject({ kind: 'ready' });
      return first.value;
    },
  },
  'residents.list': { call: (c, w) => c.residents.list({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA }) },
  'device.byId': { call: (c, w) => c.device.byId({ id: w === 'in' ? ids.deviceIn : ids.deviceOut }) },
  'device.telemetry': { call: (c, w) => c.device.telemetry({ id: w === 'in' ? ids.deviceIn : ids.deviceOut, window: '24h' }) },
  'alarm.list': { call: (c, w) => c.alarm.list({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, limit: 20 }) },
  'alarm.ack': { call: async (c, w) => c.alarm.ack({ id: w === 'in' ? await newAlarm(ids.deviceIn) : ids.alarmOut }) },
  'camera.byId': { call: (c, w) => c.camera.byId({ id: w === 'in' ? ids.cameraIn : ids.cameraOut }) },
  'parking.nearestFree': { call: (c) => c.parking.nearestFree({ lng: points.in[0], lat: points.in[1], limit: 3 }) },
  'parking.byId': { call: (c) => c.parking.byId({ id: ids.parkingIn }) },
  'planning.isochrone': { call: (c) => c.planning.isochrone({ lng: points.in[0], lat: points.in[1], minutes: [5, 10] }) },
  'planning.coverage': { call: (c, w) => c.planning.coverage({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, facilityType: 'kindergarten' }) },
  'planning.suggest': { call: (c, w) => c.planning.suggest({ areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, facilityType: 'kindergarten', count: 2 }) },
  'planning.scenario.create': { call: (c, w) => c.planning.scenario.create({ name: 'matrix', areaCode: w === 'in' ? SCOPE : OUTSIDE_AREA, facilityType: 'market' }) },
  'planning.scenario.list': {
    call: (c, w) => c.planning.scenario.list(w === 'in' ? {} : { areaCode: SCOPE }),
    check: (r: { areaCode: string }[]) => {
      expect(r.length).toBeGreaterThan(0);
      r.forEach((s) => expect(inScope(SCOPE, s.areaCode)).toBe(true));
    },
  },
  'planning.scenario.get': { call: (c, w) => c.planning.scenario.get({ id: w === 'in' ? ids.scenarioIn : ids.scenarioOut }) },
  'planning.scenario.update': {
    call: async (c, w) => {
      const id = w === 'in' ? ids.scenarioIn : ids.scenarioOut;
      return c.planning.scenario.update({ id, version: await scenarioVersion(id), name: `matrix ${++serial}` });
    },
  },
  'planning.scenario.delete': { call: async (c, w) => c.planning.scenario.delete({ id: w === 'in' ? await newScenario(SCOPE) : ids.scenarioOut }) },
  'residents.reveal': { call: (c, w) => c.residents.reveal({ id: w === 'in' ? ids.residentIn : ids.residentOut, reason: 'permission matrix' }) },
  'audit.list': {
    call: (c, w) => c.audit.list({ username: w === 'in' ? 'matrix-planner' : 'demo-street2', limit: 50 }),
    check: (r: { items: { scopeCode: string | null; areaCode: string | null }[] }, w) => {
      // matrix-planner signed in over HTTP before the matrix: its log is not empty.
      if (w === 'in') expect(r.items.length).toBeGreaterThan(0);
      expect(r.items.every((e) => inScope(SCOPE, e.scopeCode ?? '') || inScope(SCOPE, e.areaCode ?? ''))).toBe(true);
    },
  },
  'admin.accounts': {
    call: (c) => c.admin.accounts(),
    check: (r: { scopeCode: string }[]) => {
      // The matrix accounts themselves are in the scope.
      expect(r.length).toBeGreaterThan(0);
      r.forEach((a) => expect(inScope(SCOPE, a.scopeCode)).toBe(true));
    },
  },
  'admin.createAccount': {
    call: (c, w) =>
      c.admin.createAccount({
        username: `matrix-new-${process.pid}-${++serial}`,
        displayName: 'matrix',
        password: 'a-Long-password-1',
        role: 'grid_worker',
        scopeCode: w === 'in' ? names.community : '350104',
      }),
  },
  'admin.createDisplay': { call: (c, w) => c.admin.createDisplay({ name: 'matrix', areaCode: w === 'in' ? names.community : OUTSIDE_AREA }) },
  'admin.displays': {
    call: (c) => c.admin.displays(),
    check: (r: { areaCode: string }[]) => {
      // The matrix displays themselves are in the scope.
      expect(r.length).toBeGreaterThan(0);
      r.forEach((d) => expect(inScope(SCOPE, d.areaCode)).toBe(true));
    },
  },
  'admin.updateDisplay': { call: (c, w) => c.admin.updateDisplay({ id: w === 'in' ? ids.displayIn : ids.displayOut, name: `matrix ${++serial}` }) },
  'admin.revokeDisplay': { call: async (c, w) => c.admin.revokeDisplay({ id: w === 'in' ? await newDisplay(SCOPE) : ids.displayOut }) },
  'admin.updateAccount': { call: (c, w) => c.admin.updateAccount({ id: w === 'in' ? ids.accountIn : ids.accountOut, displayName: `matrix ${++serial}` }) },
};

/** What the table says a caller gets. */
function expected(permission: Permission, role: Role | null, where: 'in' | 'out'): 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' {
  if (!roleAllowed(permission, role)) return role ? 'FORBIDDEN' : 'UNAUTHORIZED';
  if ((permission.scope === 'area' || permission.scope === 'record') && where === 'out') return 'FORBIDDEN';
  return 'ok';
}

async function outcome(p: Promise<unknown>): Promise<{ code: string; result?: unknown; message?: string }> {
  try {
    return { code: 'ok', result: await p };
  } catch (err) {
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
}

const procedures = Object.keys(appRouter._def.procedures).sort();

describe('the permission table', () => {
  it('has an entry and a matrix sample for every procedure, and nothing else', () => {
    expect(procedures.filter((p) => !permissionOf(p)), 'procedures without a permission entry').toEqual([]);
    expect(procedures.filter((p) => !SAMPLES[p]), 'procedures without a matrix sample').toEqual([]);
    expect(Object.keys(PERMISSIONS).filter((p) => !procedures.includes(p)), 'entries for procedures that do not exist').toEqual([]);
  });

  it('is the table in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [path, p] of Object.entries(PERMISSIONS) as [string, Permission][]) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${path}\` |`));
      expect(row, `README row for ${path}`).toBeDefined();
      const who = p.who === 'public' ? 'anyone' : p.who === 'signed-in' ? 'every role' : p.who.join(', ');
      expect(row).toContain(who);
      expect(row).toContain(p.scope);
    }
  });
});

describe('the permission matrix', { timeout: 120_000 }, () => {
  for (const path of procedures) {
    for (const role of [null, ...ROLES] as (Role | null)[]) {
      it(`${path} as ${role ?? 'anonymous'}`, async () => {
        const permission = permissionOf(path)!;
        const caller = await t.callerAs(role ? `matrix-${role.replace(/_/g, '-')}` : null, `10.0.${ROLES.indexOf(role as Role) + 1}.1`);
        for (const where of ['in', 'out'] as const) {
          const got = await outcome(SAMPLES[path].call(caller, where, role));
          expect(got.code, `${path} as ${role ?? 'anonymous'}, target ${where} of scope: ${got.message ?? ''}`).toBe(expected(permission, role, where));
          if (got.code === 'FORBIDDEN' && where === 'out' && roleAllowed(permission, role)) expect(got.message).toMatch(/outside your scope/);
          // A refusal names no record the caller may not see: no case number, no device or camera code.
          if (got.code === 'FORBIDDEN') expect(got.message).not.toMatch(/\bFZ\d{8}|\bCAM\d{6}|\b[A-Z]{2}\d{8}\b/);
          if (got.code === 'ok' && permission.scope === 'filter') SAMPLES[path].check?.(got.result as never, where);
          if (got.code === 'ok' && path !== 'auth.login') expectNoForeignCodes(got.result);
        }
      });
    }
  }
});

/**
 * Where each scoped layer's features come from, to check a tile against the database: the table, the
 * property that names a feature's row (`id`, or `code` for grids), the row's area code, a point on the
 * feature (to find tiles that hold some), and which rows the layer shows. Every scoped layer of the
 * registry needs an entry: a scoped layer added without one fails the matrix.
 */
const SCOPED_SOURCES: Record<string, { table: string; key: 'id' | 'code'; area: string; point: string; where?: string }> = {
  grids: { table: 'areas', key: 'code', area: 'code', point: 'ST_PointOnSurface(geom)', where: `level = 'grid'` },
  buildings: { table: 'buildings', key: 'id', area: 'grid_code', point: 'ST_PointOnSurface(geom)' },
  cameras: { table: 'cameras', key: 'id', area: 'grid_code', point: 'geom' },
  // A view cone reaches away from its camera: a point inside the cone, not its apex.
  camera_views: { table: 'cameras', key: 'id', area: 'grid_code', point: 'ST_PointOnSurface(camera_view_cone(geom, direction, fov, range_m))' },
  devices: { table: 'devices', key: 'id', area: 'grid_code', point: 'geom' },
  alarms: { table: 'alarms', key: 'id', area: 'grid_code', point: 'ST_Transform(geom3857, 4326)', where: `status <> 'closed'` },
  incidents: { table: 'incidents', key: 'id', area: 'grid_code', point: 'geom' },
};
const SCOPED_LAYERS = (LAYERS as readonly LayerDefinition[]).filter((l) => l.access === 'scoped');

const sourceRows = (layerId: string) => {
  const s = SCOPED_SOURCES[layerId];
  return `FROM ${s.table} WHERE ${s.area} LIKE $1 || '%'${s.where ? ` AND ${s.where}` : ''}`;
};

/** The zoom-z tile that holds the most of a layer's features under an area code prefix. */
async function busiestTile(layerId: string, prefix: string, z: number): Promise<{ z: number; x: number; y: number }> {
  const s = SCOPED_SOURCES[layerId];
  const { rows } = await t.pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ${s.point} AS p ${sourceRows(layerId)} ORDER BY ${s.key} LIMIT 500) q`,
    [prefix],
  );
  if (!rows.length) throw new Error(`no ${layerId} under ${prefix} in the test city`);
  const tally = new Map<string, { tile: { z: number; x: number; y: number }; n: number }>();
  for (const r of rows) {
    const tile = tileOf(r.lng, r.lat, z);
    const key = `${tile.x}/${tile.y}`;
    tally.set(key, { tile, n: (tally.get(key)?.n ?? 0) + 1 });
  }
  return [...tally.values()].sort((a, b) => b.n - a.n)[0].tile;
}

/** Every feature names a row of the layer's table, and that row lies in the scope. */
async function expectFeaturesInScope(layerId: string, features: DecodedFeature[], label: string) {
  const s = SCOPED_SOURCES[layerId];
  const keys = features.map((f) => f.properties[s.key]);
  for (const k of keys) expect(typeof k, `${label}: a feature without its ${s.key}`).toBe(s.key === 'id' ? 'number' : 'string');
  const { rows } = await t.pool.query<{ key: string; area: string }>(
    `SELECT ${s.key}::text AS key, ${s.area} AS area FROM ${s.table} WHERE ${s.key} = ANY ($1::${s.key === 'id' ? 'bigint' : 'text'}[])`,
    [keys],
  );
  const areaOf = new Map(rows.map((r) => [r.key, r.area]));
  for (const k of keys) {
    const area = areaOf.get(String(k));
    expect(area, `${label}: ${s.key} ${k} is not in ${s.table}`).toBeDefined();
    expect(inScope(SCOPE, area!), `${label}: ${s.key} ${k} lies in ${area}, outside ${SCOPE}`).toBe(true);
  }
}

/** Every feature of a layer of cases belongs to a case of the department. */
async function expectFeaturesOfDepartment(layerId: string, features: DecodedFeature[], department: string, label: string) {
  const ids = features.map((f) => f.properties.id as number);
  const sql = layerId === 'incidents'
    ? 'SELECT department_code FROM incidents WHERE id = ANY ($1)'
    : 'SELECT i.department_code FROM alarms a LEFT JOIN incidents i ON i.id = a.incident_id WHERE a.id = ANY ($1)';
  const { rows } = await t.pool.query<{ department_code: string | null }>(sql, [ids]);
  for (const r of rows) expect(r.department_code, `${label}: a feature of another department`).toBe(department);
}

describe('the tile matrix', { timeout: 180_000 }, () => {
  const sessions = new Map<Role, HttpSession>();
  /** The city-wide administrator: sees the out-of-scope tiles full, so their emptiness for the matrix is the scope's doing. */
  let admin: HttpSession;
  /** Tiles of the public layers: one in the scope, one in 仓山区. */
  let inside: { z: number; x: number; y: number };
  const outside = tileOf(119.32, 26.02, 15); // 仓山区
  /** Per scoped layer, the z15 tile with most of its features in the scope, and the one with most in 仓山区. */
  const scopedTiles = new Map<string, { in: { z: number; x: number; y: number }; out: { z: number; x: number; y: number } }>();

  const fetchTile = async (layerId: string, tile: { z: number; x: number; y: number }, headers: Record<string, string>) => {
    const res = await fetch(`${baseUrl()}/tiles/${layerId}/${tile.z}/${tile.x}/${tile.y}.mvt`, { headers });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, features: res.status === 200 ? (decodeTile(bytes)[layerId]?.features ?? []) : [] };
  };

  beforeAll(async () => {
    // A display signs in with its token; every other role with its password.
    for (const role of ROLES) sessions.set(role, role === 'display' ? await displaySignIn(displayToken) : await signIn(`matrix-${role.replace(/_/g, '-')}`, PASSWORD));
    admin = await signIn('demo-admin');
    const { rows } = await t.pool.query<{ lng: number; lat: number }>(
      `SELECT ST_X(ST_Centroid(geom)) AS lng, ST_Y(ST_Centroid(geom)) AS lat FROM buildings WHERE id = $1`,
      [ids.buildingIn],
    );
    inside = tileOf(rows[0].lng, rows[0].lat, 15);
    // An open alarm in the scope (one in 仓山区 is made above); the server's cached alarm tiles are dropped.
    await newAlarm(ids.deviceIn);
    await t.pool.query(`INSERT INTO data_versions (layer, version) VALUES ('alarms', 2) ON CONFLICT (layer) DO UPDATE SET version = data_versions.version + 1`);
    await new Promise((r) => setTimeout(r, 2200));
    for (const layer of SCOPED_LAYERS) {
      if (!SCOPED_SOURCES[layer.id]) continue;
      scopedTiles.set(layer.id, { in: await busiestTile(layer.id, SCOPE, 15), out: await busiestTile(layer.id, OUTSIDE_AREA, 15) });
    }
  });

  it('knows where every scoped layer of the registry comes from', () => {
    expect(SCOPED_LAYERS.map((l) => l.id).sort()).toEqual(Object.keys(SCOPED_SOURCES).sort());
    // z15 serves every scoped layer raw: the matrix below checks features by their rows.
    for (const layer of SCOPED_LAYERS) {
      expect(15, layer.id).toBeGreaterThanOrEqual(Math.max(layer.minzoom, layer.aggregateBelow ?? 0));
      expect(15, layer.id).toBeLessThanOrEqual(layer.maxzoom);
    }
  });

  for (const layer of LAYERS as readonly LayerDefinition[]) {
    it(`${layer.id} (${layer.access}) for every role and anonymous`, async () => {
      const tiles = layer.access === 'scoped' ? scopedTiles.get(layer.id)! : { in: inside, out: outside };
      expect(tiles, `${layer.id}: tiles to check`).toBeDefined();
      if (layer.access === 'scoped') {
        // Outside the scope there is something to hide: the administrator sees it.
        const full = await fetchTile(layer.id, tiles.out, admin.headers);
        expect(full.res.status, `${layer.id} out as demo-admin`).toBe(200);
        expect(full.features.length, `${layer.id} out as demo-admin`).toBeGreaterThan(0);
      }
      for (const role of [null, ...ROLES] as (Role | null)[]) {
        const headers = role ? sessions.get(role)!.headers : {};
        for (const where of ['in', 'out'] as const) {
          const { res, features } = await fetchTile(layer.id, tiles[where], headers);
          const label = `${layer.id} ${where} as ${role ?? 'anonymous'}`;
          if (layer.access === 'scoped' && !role) {
            expect(res.status, label).toBe(401);
            continue;
          }
          expect([200, 204], label).toContain(res.status);
          if (layer.access !== 'scoped') continue;
          expect(res.headers.get('cache-control'), label).toMatch(/^private/);
          if (where === 'out') {
            // Outside the scope a scoped layer is empty.
            expect(res.status, label).toBe(204);
          } else if (layer.department && role === 'department_handler') {
            // A layer of cases shows a department handler only the features of its department's cases.
            expect([200, 204], label).toContain(res.status);
            await expectFeaturesInScope(layer.id, features, label);
            await expectFeaturesOfDepartment(layer.id, features, 'gl-cgj', label);
          } else {
            // Inside, the tile holds the scope's features, and only those.
            expect(res.status, label).toBe(200);
            expect(features.length, label).toBeGreaterThan(0);
            await expectFeaturesInScope(layer.id, features, label);
          }
        }
      }
    });
  }

  for (const layer of SCOPED_LAYERS.filter((l) => l.aggregateBelow !== undefined)) {
    it(`${layer.id} aggregates (z${layer.aggregateBelow! - 1}) count only the scope's features`, async () => {
      const z = layer.aggregateBelow! - 1;
      const s = SCOPED_SOURCES[layer.id];
      const session = sessions.get('street_operator')!;
      const sum = (features: DecodedFeature[]) => features.reduce((n, f) => n + (f.properties.count as number), 0);
      const tile = await busiestTile(layer.id, SCOPE, z);
      /**
       * How many of the layer's rows under `prefix` a tile's aggregates may count: at most those whose
       * bounding box touches the tile, at least those whose centroid lies inside it (not on its edge).
       */
      const inTile = async (prefix: string, how: 'bbox' | 'centroid', at = tile) => {
        const env = `ST_TileEnvelope(${at.z}, ${at.x}, ${at.y})`;
        const { rows } = await t.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n ${sourceRows(layer.id)} AND ${how === 'bbox' ? `geom3857 && ${env}` : `ST_Contains(${env}, ST_Centroid(geom3857))`}`,
          [prefix],
        );
        return rows[0].n;
      };
      const scoped = await fetchTile(layer.id, tile, session.headers);
      expect(scoped.res.status).toBe(200);
      expect(scoped.features.length).toBeGreaterThan(0);
      for (const f of scoped.features) {
        expect(f.properties.count as number).toBeGreaterThan(0);
        expect(f.properties[s.key], 'aggregates name no feature').toBeUndefined();
      }
      const all = await fetchTile(layer.id, tile, admin.headers);
      // The tile reaches beyond the scope, so the scope's counts are a strict part of the city's.
      expect(await inTile('', 'centroid')).toBeGreaterThan(await inTile(SCOPE, 'bbox'));
      // The counts are the database's, in the scope and city-wide. (Equal but for features on the tile's
      // edge, which the two encoders treat differently: see the encoder parity test in tests/tiles.)
      for (const [who, prefix, got] of [['in-scope', SCOPE, sum(scoped.features)], ['city-wide', '', sum(all.features)]] as const) {
        expect(got, `${layer.id} z${z} ${who} counts`).toBeLessThanOrEqual(await inTile(prefix, 'bbox'));
        expect(got, `${layer.id} z${z} ${who} counts`).toBeGreaterThanOrEqual(await inTile(prefix, 'centroid'));
      }
      // An aggregate tile all in 仓山区 is empty for the scope, not for the city.
      const away = await busiestTile(layer.id, OUTSIDE_AREA, z);
      expect(await inTile(SCOPE, 'bbox', away), 'the 仓山区 tile holds nothing of the scope').toBe(0);
      expect((await fetchTile(layer.id, away, session.headers)).res.status).toBe(204);
      expect((await fetchTile(layer.id, away, admin.headers)).res.status).toBe(200);
    });
  }
});
