/**
 * Hardening (issue 14) of sign-in and of the HTTP edge: CSRF checked on the route the router resolved, demo
 * mode off means off, an atomic lock-out that answers like an unknown name, failed logins of unknown names in
 * the city's audit log, TRUST_PROXY (client address, Secure cookie, public URLs), rate limits on public
 * endpoints, and tokens and limits checked before a body is read. Servers with their own settings are built
 * in this process on the test database and asked through Fastify's inject.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer, type ServerOptions } from '../../api/server';
import { createCallerFactory, type AppContext } from '../../api/trpc';
import { appRouter } from '../../api/root';
import { RateLimiter } from '../../api/rate-limit';
import { DEMO_INGEST_TOKEN, demoMode, ingestToken, loadEnv } from '../../api/env';
import { LOGIN_REFUSED, MAX_FAILED_LOGINS } from '../../api/routers/auth';
import { hashPassword } from '../../api/auth/passwords';
import { baseUrl, codeOf, createTestContext, DEMO_PASSWORD, gridPoint, postOversize, refusalOf } from '../helpers';

let t: Awaited<ReturnType<typeof createTestContext>>;
const servers: FastifyInstance[] = [];
const createCaller = createCallerFactory(appRouter);

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await t.pool.end();
});

async function makeAccount(username: string, password: string, role = 'district_operator', scope = '350102') {
  await t.pool.query(
    `INSERT INTO accounts (username, display_name, role, scope_code, password_hash) VALUES ($1, $1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, failed_logins = 0, locked_until = NULL, disabled = false, role = EXCLUDED.role, scope_code = EXCLUDED.scope_code`,
    [username, role, scope, await hashPassword(password)],
  );
}

/** A server as createApp builds it, with these settings, on the test database. */
async function testServer(options: Partial<ServerOptions> & { demo?: boolean; publicLimit?: RateLimiter } = {}): Promise<FastifyInstance> {
  const { demo = true, publicLimit = new RateLimiter(1_000_000, 60_000), ...rest } = options;
  const { pool, databaseKind, tiles, changes, seed } = t.ctx;
  const context: AppContext = { pool, readPool: pool, databaseKind, tiles, changes, seed, demo, publicLimit };
  const app = await createServer({ context, logLevel: 'silent', reportRateLimit: 1_000_000, ...rest });
  await app.ready();
  servers.push(app);
  return app;
}

/** Sign in through `app` as a browser behind `headers` (a proxy's) would: CSRF cookie first, then the login. */
async function injectLogin(app: FastifyInstance, username: string, password: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') {
  const me = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers, remoteAddress });
  const csrf = me.cookies.find((c) => c.name === 'cb_csrf')!.value;
  return app.inject({
    method: 'POST', url: '/trpc/auth.login', remoteAddress,
    headers: { ...headers, 'content-type': 'application/json', cookie: `cb_csrf=${csrf}`, 'x-csrf-token': csrf },
    payload: { username, password },
  });
}

const lastLogin = async (username: string) =>
  (await t.pool.query<{ ip: string }>(`SELECT ip FROM audit_log WHERE action = 'auth.login' AND username = $1 ORDER BY id DESC LIMIT 1`, [username])).rows[0]?.ip;

/** A promise's result, or a rejection after `ms`: a server that waits for a body never answers. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

describe('CSRF on the route the router resolved', () => {
  it('refuses POST /%74rpc/auth.login without the token, as /trpc/auth.login', async () => {
    const body = JSON.stringify({ username: 'demo-admin', password: DEMO_PASSWORD });
    for (const path of ['/%74rpc/auth.login', '/%74%72%70%63/auth.login', '/trpc/auth.login']) {
      const res = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, path).toBe(403);
      expect((await res.json()).error.message, path).toMatch(/CSRF/);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('cb_session=')), path).toBe(false);
    }
  });

  it('reads tile paths as the router decoded them', async () => {
    const res = await fetch(`${baseUrl()}/%74iles/areas.json`);
    expect(res.status).toBe(200);
    expect((await res.json()).name).toBe('areas');
  });
});

describe('DEMO_MODE=off means off, whatever NODE_ENV says', () => {
  it('closes the demo accounts and the documented ingest token', async () => {
    const env = loadEnv({ DEMO_MODE: 'off' });
    expect(env.NODE_ENV).toBeUndefined();
    expect(demoMode(env)).toBe(false);
    expect(ingestToken(env)).toBeNull();
    expect(() => ingestToken(loadEnv({ DEMO_MODE: 'off', INGEST_TOKEN: DEMO_INGEST_TOKEN }))).toThrow(/documented demo token .* demo mode only/);
    expect(ingestToken(loadEnv({ DEMO_MODE: 'off', INGEST_TOKEN: 'a-secret-gateway-token-1' }))).toBe('a-secret-gateway-token-1');

    const app = await testServer({ demo: demoMode(env), ingestToken: ingestToken(env) });
    const login = await injectLogin(app, 'demo-district', DEMO_PASSWORD);
    expect(login.statusCode).toBe(401);
    expect(login.json().error.message).toBe(LOGIN_REFUSED);
    expect(login.cookies.some((c) => c.name === 'cb_session')).toBe(false);
    const telemetry = await app.inject({ method: 'POST', url: '/api/telemetry', headers: { authorization: `Bearer ${DEMO_INGEST_TOKEN}` }, payload: { readings: [] } });
    expect(telemetry.statusCode).toBe(503);
    const { rows } = await t.pool.query(`SELECT detail FROM audit_log WHERE action = 'auth.login_failed' AND username = 'demo-district' ORDER BY id DESC LIMIT 1`);
    expect(rows[0].detail).toMatchObject({ reason: 'demo account outside demo mode' });

    // Accounts of the city's own still sign in; with demo mode on, the demo accounts do too.
    await makeAccount('demo-off-real', 'demo-off-real-pass-1');
    expect((await injectLogin(app, 'demo-off-real', 'demo-off-real-pass-1')).statusCode).toBe(200);
    expect((await injectLogin(await testServer({ demo: true }), 'demo-district', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});

describe('lock-out', () => {
  it(`checks no more than ${MAX_FAILED_LOGINS} of many parallel wrong passwords, then answers as for an unknown name`, async () => {
    await makeAccount('lock-race', 'lock-race-pass-1');
    const id = (await t.pool.query<{ id: number }>(`SELECT id FROM accounts WHERE username = 'lock-race'`)).rows[0].id;
    const since = (await t.pool.query<{ now: Date }>('SELECT now()')).rows[0].now;
    const callers = await Promise.all(Array.from({ length: 20 }, (_, i) => t.callerAs(null, `10.14.1.${i + 1}`)));
    const answers = await Promise.all(callers.map((c, i) => refusalOf(c.auth.login({ username: 'lock-race', password: `wrong-${i}-password` }))));
    expect(new Set(answers)).toEqual(new Set([`UNAUTHORIZED: ${LOGIN_REFUSED}`]));
    const { rows } = await t.pool.query<{ reason: string; n: number }>(
      `SELECT detail->>'reason' AS reason, count(*)::int AS n FROM audit_log WHERE target_id = $1 AND action LIKE 'auth.login_%' AND at >= $2 GROUP BY 1`,
      [String(id), since],
    );
    const byReason = Object.fromEntries(rows.map((r) => [r.reason, r.n]));
    expect(byReason['wrong password'], 'passwords checked').toBe(MAX_FAILED_LOGINS);
    expect(byReason['account locked']).toBe(20 - MAX_FAILED_LOGINS);

    // Locked: even the right password gets the answer an unknown name gets, in about the same time.
    const c = await t.callerAs(null, '10.14.1.99');
    const timed = async (username: string, password: string) => {
      const start = performance.now();
      const answer = await refusalOf(c.auth.login({ username, password }));
      return { answer, ms: performance.now() - start };
    };
    await makeAccount('lock-race-other', 'lock-race-other-1');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    const locked: number[] = [];
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 3; i++) {
      const l = await timed('lock-race', 'lock-race-pass-1');
      const u = await timed(`nobody-${i}-${Date.now()}`, 'lock-race-pass-1');
      const w = await timed('lock-race-other', `wrong-${i}-password`);
      for (const x of [l, u, w]) expect(x.answer).toBe(`UNAUTHORIZED: ${LOGIN_REFUSED}`);
      locked.push(l.ms);
      unknown.push(u.ms);
      wrong.push(w.ms);
    }
    // Each checks a password hash (tens of milliseconds): a locked account does not answer at once.
    expect(median(locked)).toBeGreaterThan(median(wrong) * 0.4);
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });

  it('shows failed logins of unknown names to the city administrator, not to a district auditor', async () => {
    const name = `ghost-${Date.now()}`;
    expect(await codeOf((await t.callerAs(null, '10.14.2.1')).auth.login({ username: name, password: 'whatever-pass-1' }))).toBe('UNAUTHORIZED');
    const admin = await t.callerAs('demo-admin'); // 福州市
    const page = await admin.audit.list({ username: name, limit: 5 });
    expect(page.items).toEqual([expect.objectContaining({ action: 'auth.login_failed', username: name, ip: '10.14.2.1', detail: { username: name, reason: 'unknown username' } })]);
    expect((await (await t.callerAs('demo-auditor')).audit.list({ username: name, limit: 5 })).items).toEqual([]);
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  const proxied = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'citybrain.example.gov.cn' };

  it('is a hop count or the proxies\' addresses', () => {
    expect(loadEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).TRUST_PROXY).toBe('10.0.0.0/8,127.0.0.1,::1');
    expect(loadEnv({ TRUST_PROXY: 'loopback' }).TRUST_PROXY).toBe('loopback');
    expect(() => loadEnv({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY: .*"nginx" is not an IP address/);
    expect(() => loadEnv({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/TRUST_PROXY: .*bad prefix length/);
    expect(() => loadEnv({ TRUST_PROXY: '0' })).toThrow(/TRUST_PROXY: a hop count from 1 to 10/);
    expect(() => loadEnv({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL/);
  });

  it('without it, ignores X-Forwarded-* as today: the socket\'s address, no Secure cookie, the Host header', async () => {
    await makeAccount('proxy-test', 'proxy-test-pass-1');
    const app = await testServer();
    const login = await injectLogin(app, 'proxy-test', 'proxy-test-pass-1', proxied);
    expect(login.statusCode).toBe(200);
    expect(login.cookies.find((c) => c.name === 'cb_session')!.secure).toBeFalsy();
    expect(await lastLogin('proxy-test')).toBe('127.0.0.1');
    const tilejson = (await app.inject({ method: 'GET', url: '/tiles/areas.json', headers: proxied })).json();
    expect(tilejson.tiles[0]).toBe('http://localhost:80/tiles/areas/{z}/{x}/{y}.mvt');
  });

  it('with a hop count, takes the client address, protocol and host from the proxy', async () => {
    const app = await testServer({ trustProxy: 1 });
    const login = await injectLogin(app, 'proxy-test', 'proxy-test-pass-1', proxied);
    expect(login.statusCode).toBe(200);
    expect(login.cookies.find((c) => c.name === 'cb_session')!.secure).toBe(true);
    expect(login.cookies.find((c) => c.name === 'cb_csrf')!.secure).toBe(true);
    expect(await lastLogin('proxy-test')).toBe('203.0.113.9');
    const tilejson = (await app.inject({ method: 'GET', url: '/tiles/areas.json', headers: proxied })).json();
    expect(tilejson.tiles[0]).toBe('https://citybrain.example.gov.cn/tiles/areas/{z}/{x}/{y}.mvt');
    // Only the nearest hop is trusted: an address the client itself put in front is not the client's.
    await injectLogin(app, 'proxy-test', 'proxy-test-pass-1', { ...proxied, 'x-forwarded-for': '198.51.100.1, 203.0.113.10' });
    expect(await lastLogin('proxy-test')).toBe('203.0.113.10');
  });

  it('with CIDRs, trusts only proxies there', async () => {
    const app = await testServer({ trustProxy: '10.0.0.0/8' });
    expect((await injectLogin(app, 'proxy-test', 'proxy-test-pass-1', proxied, '10.1.2.3')).statusCode).toBe(200);
    expect(await lastLogin('proxy-test')).toBe('203.0.113.9');
    const direct = await injectLogin(app, 'proxy-test', 'proxy-test-pass-1', proxied, '192.0.2.44');
    expect(direct.cookies.find((c) => c.name === 'cb_session')!.secure).toBeFalsy();
    expect(await lastLogin('proxy-test')).toBe('192.0.2.44');
  });

  it('builds TileJSON and Open311 links from PUBLIC_URL when it is set, whatever the headers say', async () => {
    const app = await testServer({ trustProxy: 1, publicUrl: 'https://map.fuzhou.example/' });
    const tilejson = (await app.inject({ method: 'GET', url: '/tiles/areas.json', headers: proxied })).json();
    expect(tilejson.tiles[0]).toBe('https://map.fuzhou.example/tiles/areas/{z}/{x}/{y}.mvt');
    const [lng, lat] = await gridPoint(t.pool, '350102004001');
    const created = await app.inject({
      method: 'POST', url: '/open311/v2/requests.json', headers: { ...proxied, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ service_code: 'SJ0101', lat: String(lat), long: String(lng), description: 'PUBLIC_URL test' }).toString(),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()[0].tracking_url).toMatch(/^https:\/\/map\.fuzhou\.example\/\?view=track&no=R[0-9A-Z]{10}&token=/);
  });

  it('counts rate limits per client behind the proxy', async () => {
    const app = await testServer({ trustProxy: 1, publicLimit: new RateLimiter(2, 60_000) });
    const ask = (client: string) => app.inject({ method: 'GET', url: '/open311/v2/services.json', headers: { 'x-forwarded-for': client } });
    expect((await ask('198.51.100.7')).statusCode).toBe(200);
    expect((await ask('198.51.100.7')).statusCode).toBe(200);
    expect((await ask('198.51.100.7')).statusCode).toBe(429);
    expect((await ask('198.51.100.8')).statusCode).toBe(200);
  });
});

describe('public endpoints are rate-limited per client', () => {
  it('tracking, photos and Open311 reads share the public limit', async () => {
    const app = await testServer({ publicLimit: new RateLimiter(3, 60_000) });
    const from = (remoteAddress: string, url: string) => app.inject({ method: 'GET', url, remoteAddress });
    for (const url of ['/open311/v2/services.json', '/open311/v2/requests.json?service_request_id=R0000000000', '/api/reports/R0000000000']) {
      expect((await from('192.0.2.10', url)).statusCode, url).toBeLessThan(429);
    }
    const open311 = await from('192.0.2.10', '/open311/v2/requests.json');
    expect(open311.statusCode).toBe(429);
    expect(open311.json()).toEqual([{ code: 429, description: expect.stringMatching(/too many requests from your address: 3 in 60 s/) }]);
    const tracking = await from('192.0.2.10', '/api/reports/R0000000000/photo');
    expect(tracking.statusCode).toBe(429);
    expect(tracking.json().error).toMatch(/too many requests/);
    expect((await from('192.0.2.11', '/api/reports/R0000000000')).statusCode).toBe(404);
  });

  it('ratings count per client before their body is read', async () => {
    const app = await testServer({ reportRateLimit: 2 });
    // Counted in the database: an address no earlier run has used in the window.
    const client = `10.${Date.now() % 250}.${Math.floor(Math.random() * 250)}.20`;
    const rate = (payload: string) => app.inject({ method: 'POST', url: '/api/reports/R0000000000/rating', remoteAddress: client, headers: { 'content-type': 'application/json' }, payload });
    expect((await rate('{"rating": 5, "token": "aaaaaaaaaaaaaaaaaaaaaaaa"}')).statusCode).toBe(404);
    expect((await rate('{"rating": 5}')).statusCode).toBe(404);
    // The third is refused before its (malformed) body is parsed.
    const third = await rate('{"rating": ');
    expect(third.statusCode).toBe(429);
    expect(third.json().error).toMatch(/too many ratings from your address: 2 in 10 minutes/);
  });

  it('parking.* for anonymous callers', async () => {
    const parking = (await t.pool.query<{ id: number }>('SELECT id FROM parking ORDER BY id LIMIT 1')).rows[0].id;
    const anonymous = createCaller({ ...(await t.contextFor(null, '192.0.2.30')), publicLimit: new RateLimiter(2, 60_000) });
    expect(await codeOf(anonymous.parking.byId({ id: parking }))).toBe('ok');
    expect(await codeOf(anonymous.parking.byId({ id: parking }))).toBe('ok');
    expect(await refusalOf(anonymous.parking.byId({ id: parking }))).toMatch(/^TOO_MANY_REQUESTS: too many requests from your address/);
    // Signed-in staff are accountable: the public limit is not theirs.
    const staff = createCaller({ ...(await t.contextFor('demo-district', '192.0.2.30')), publicLimit: new RateLimiter(1, 60_000) });
    for (let i = 0; i < 3; i++) expect(await codeOf(staff.parking.byId({ id: parking }))).toBe('ok');
  });
});

describe('tokens and limits are checked before a body is read', () => {
  it('a 4 MB ingest body without a token is refused at once', async () => {
    const res = await within(postOversize('/api/telemetry', 4 * 1024 * 1024 - 8192), 5000, 'POST /api/telemetry without a token');
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/ingest token/);
    const wrong = await within(postOversize('/api/video-events', 4 * 1024 * 1024 - 8192, { authorization: 'Bearer not-the-token-at-all' }), 5000, 'POST /api/video-events with a wrong token');
    expect(wrong.status).toBe(401);
  });

  it('a 4 MB report over the address\'s limit is refused at once', async () => {
    // The limit is counted in the database for every process: a client address of this test's own (through a
    // trusted proxy), whose window no other test has used.
    const app = await testServer({ reportRateLimit: 1, trustProxy: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const client = { 'x-forwarded-for': `10.${Date.now() % 250}.${Math.floor(Math.random() * 250)}.9` };
    const [lng, lat] = await gridPoint(t.pool, '350102004001');
    const first = await fetch(`${base}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json', ...client }, body: JSON.stringify({ typeCode: 'SJ0101', description: '限流测试 first', lng, lat }) });
    expect(first.status).toBe(201);
    const second = await within(postOversize('/api/reports', 4 * 1024 * 1024, client, base), 5000, 'POST /api/reports over the limit');
    expect(second.status).toBe(429);
    expect(second.text).toMatch(/too many reports/);
  });
});
