import { inject } from 'vitest';
import http from 'node:http';
import pg from 'pg';
import { PbfReader } from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';
import { TRPCError } from '@trpc/server';
import { createCallerFactory, type Context } from '../api/trpc';
import { appRouter } from '../api/root';
import { TileService } from '../tiles/tile-service';
import { seedState } from '../api/db/seed-state';
import { ChangeFeed, type CaseChange } from '../api/cases/changes';
import type { SessionUser } from '../api/auth/session';
import { RateLimiter } from '../api/rate-limit';
import { setLoginRateLimit } from '../api/routers/auth';

export const baseUrl = () => inject('baseUrl');

// The sign-in limit is counted in the database, per client address, for every server on it: the suite's own
// (LOGIN_RATE_LIMIT in its setup) and the in-process servers and callers of the test files, whose module's limit
// would otherwise be the default 30 in 10 minutes against the suite's hundreds of sign-ins from 127.0.0.1.
// Tests of the limit set a low one themselves, for addresses of their own.
setLoginRateLimit(100_000);
const createCaller = createCallerFactory(appRouter);

/** The account `username` as the server would see it after login (no session row needed in-process). */
export async function userFor(pool: pg.Pool, username: string): Promise<SessionUser> {
  const { rows } = await pool.query(
    `SELECT a.id, a.username, a.display_name, a.role, a.scope_code, coalesce(ar.name, a.scope_code) AS scope_name,
            a.department_code, d.name AS department_name
     FROM accounts a LEFT JOIN areas ar ON ar.code = a.scope_code LEFT JOIN departments d ON d.code = a.department_code
     WHERE a.username = $1`,
    [username],
  );
  const r = rows[0];
  if (!r) throw new Error(`no account ${username} in the test database`);
  return {
    id: r.id, username: r.username, displayName: r.display_name, role: r.role, scopeCode: r.scope_code, scopeName: r.scope_name,
    departmentCode: r.department_code, departmentName: r.department_name, csrfToken: '',
  };
}

/**
 * A pool on the test database and a tRPC caller over it, as the server builds its own, signed in as
 * `username` (default: the city-wide administrator; null: anonymous). `callerAs` makes more callers.
 */
export async function createTestContext(username: string | null = 'demo-admin') {
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
  const seed = await seedState(pool);
  if (!seed) throw new Error('test database is not seeded');
  const changes = new ChangeFeed({ pool, kind: inject('databaseKind'), connectionString: inject('databaseUrl') });
  const base = {
    pool, readPool: pool, databaseKind: inject('databaseKind'), tiles: new TileService(pool, inject('tileEncoder')), changes, seed,
    demo: true, publicLimit: new RateLimiter(1_000_000, 60_000),
  };
  const contextFor = async (name: string | null, ip = '127.0.0.1'): Promise<Context> => ({ ...base, ip, user: name ? await userFor(pool, name) : null });
  const ctx = await contextFor(username);
  return {
    ctx,
    pool,
    caller: createCaller(ctx),
    contextFor,
    callerAs: async (name: string | null, ip?: string) => createCaller(await contextFor(name, ip)),
  };
}

/** A point inside the first grid under an area code prefix (a place to report a case at). */
export async function gridPoint(pool: pg.Pool, prefix: string): Promise<[number, number]> {
  const { rows } = await pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE $1 || '%' ORDER BY code LIMIT 1) s`,
    [prefix],
  );
  if (!rows[0]) throw new Error(`no grid under ${prefix} in the test city`);
  return [rows[0].lng, rows[0].lat];
}

export interface DecodedFeature {
  type: number;
  properties: Record<string, unknown>;
  geometry: { x: number; y: number }[][];
}

/** Decode an MVT into its layers' features, as a client library would. */
export function decodeTile(bytes: Uint8Array): Record<string, { extent: number; features: DecodedFeature[] }> {
  const tile = new VectorTile(new PbfReader(bytes));
  const out: Record<string, { extent: number; features: DecodedFeature[] }> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({ type: f.type, properties: { ...f.properties }, geometry: f.loadGeometry().map((ring) => ring.map((p) => ({ x: p.x, y: p.y }))) });
    }
    out[name] = { extent: layer.extent, features };
  }
  return out;
}

/** Slippy-map tile containing a point. */
export function tileOf(lng: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return { z, x, y };
}

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'citybrain-demo';

export interface HttpSession {
  /** `cookie` and `x-csrf-token` headers for the next requests. */
  headers: Record<string, string>;
  csrf: string;
  cookie: string;
}

/** Cookies from a response, as name=value pairs (newer values replace older ones). */
function mergeCookies(previous: string, res: Response): string {
  const jar = new Map(previous ? previous.split('; ').map((c) => c.split('=') as [string, string]) : []);
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return [...jar].filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).join('; ');
}

/** An anonymous browser-like session: the CSRF cookie a first request gets, echoed in the header. */
export async function anonymousSession(base = baseUrl()): Promise<HttpSession> {
  const res = await fetch(`${base}/trpc/auth.me`);
  await res.arrayBuffer();
  const cookie = mergeCookies('', res);
  const csrf = /cb_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** Sign in over HTTP as a browser does; throws with the server's message when refused. */
export async function signIn(username: string, password = DEMO_PASSWORD, base = baseUrl()): Promise<HttpSession> {
  const anon = await anonymousSession(base);
  const res = await fetch(`${base}/trpc/auth.login`, {
    method: 'POST',
    headers: { ...anon.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = mergeCookies(anon.cookie, res);
  const csrf = /cb_csrf=([^;]+)/.exec(cookie)?.[1] ?? '';
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

/** 'ok', or the tRPC error code a call was refused with (other errors are thrown on). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

/** 'ok', or `CODE: message` of the refusal. */
export async function refusalOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof TRPCError) return `${err.code}: ${err.message}`;
    throw err;
  }
}

/** The data of an incident.live event (the subscription read over SSE): its greeting, a batch of changes, or the error that ends it. */
export type LiveEventData =
  | { kind: 'ready'; areaCode: string; position: number; truncated: boolean }
  | { kind: 'changes'; changes: CaseChange[] }
  | { kind?: undefined; message: string; data: { code: string; httpStatus: number } };

export interface SseEvent {
  id?: string;
  event?: string;
  data: LiveEventData;
}

/** An event's data when it is of `kind`; anything else fails the test. */
export function dataOf<K extends 'ready' | 'changes'>(ev: SseEvent, kind: K): Extract<LiveEventData, { kind: K }> {
  if (ev.data.kind !== kind) throw new Error(`expected a '${kind}' event, got ${JSON.stringify(ev.data)}`);
  return ev.data as Extract<LiveEventData, { kind: K }>;
}

/**
 * A tRPC subscription over SSE, read as a browser's EventSource would: GET with the session cookie, events
 * parsed from the stream. `next()` waits for the next data event (up to `timeoutMs`); `close()` disconnects.
 */
export async function openSse(base: string, session: HttpSession | null, path: string, input: unknown) {
  const controller = new AbortController();
  const url = `${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...(session ? { cookie: session.cookie } : {}) }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`SSE ${path}: ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  const read = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) throw new Error(`SSE ${path}: the stream ended`);
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const ev: Partial<SseEvent> & { lines: string[] } = { lines: [] };
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) ev.id = line.slice(3).trim();
        else if (line.startsWith('event:')) ev.event = line.slice(6).trim();
        else if (line.startsWith('data:')) ev.lines.push(line.slice(5).replace(/^ /, ''));
      }
      // tRPC's own events: the connection greeting and keep-alive pings.
      if (ev.event === 'connected' || ev.event === 'ping') continue;
      if (ev.lines.length) queue.push({ id: ev.id, event: ev.event, data: JSON.parse(ev.lines.join('\n')) });
    }
  };
  return {
    status: res.status,
    async next(timeoutMs = 15_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      while (!queue.length) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`SSE ${path}: no event within ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([read(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`SSE ${path}: no event within ${timeoutMs} ms`)), left)))]).finally(() => clearTimeout(timer));
      }
      return queue.shift()!;
    },
    close() {
      controller.abort();
    },
  };
}

/**
 * POST a body that declares `bytes` bytes, sending only its first chunk, and return the server's answer. A
 * server that refuses the size from the Content-Length header answers at once; writing the whole body would
 * race the server closing the connection (EPIPE) after its early answer.
 */
export function postOversize(path: string, bytes: number, headers: Record<string, string> = {}, base = baseUrl()): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers, 'content-length': String(bytes) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write(`{"x":"${'x'.repeat(1024)}`);
  });
}
