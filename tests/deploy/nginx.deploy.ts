/**
 * The product deployed as a city would run it: nginx (Debian's package) in front of two API processes on one
 * PostgreSQL, with the nginx configuration of the README's Deployment section. `.ci/run` runs it after the
 * suites: `DATABASE_URL=… npx vitest run --config tests/deploy/vitest.config.ts` (the database seeded and the
 * dashboard built by the suite before it). It checks that
 * - a browser signs in through nginx, its session holds on both processes, and its live feed shows cases
 *   written through either process;
 * - the sign-in and report limits hold for the two processes together (and a forged X-Forwarded-For does not
 *   escape them);
 * - each background loop (sweeps, simulators) runs in one process only, and the other takes it over when that
 *   process stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startApi, stop, type ApiProcess } from '../api-process';
import { anonymousSession, DEMO_PASSWORD } from '../helpers';
import { launchChromium } from '../browser/chromium';
import { freePort } from '../../api/db/database';

const DATABASE_URL = process.env.DATABASE_URL;
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const OUT = path.resolve('tests/output');
const LOGIN_LIMIT = 6;
const REPORT_LIMIT = 4;
const LOOPS = ['escalation sweep', 'sensing sweep', 'simulator', 'sensor simulator'];

/** The README's nginx configuration (the ```nginx block of its Deployment section). */
function readmeNginx(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Deployment'));
  const block = /```nginx\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README: no nginx block in the Deployment section');
  return block[1];
}

/**
 * The README's configuration with this test's ports: its upstream servers become the two API processes, its
 * `listen` a free loopback port; each answer says which process gave it (X-Upstream). Wrapped in the little
 * main context a private nginx needs (no daemon, files under `dir`).
 */
function nginxConfig(dir: string, listen: number, upstreams: number[]): string {
  let server = readmeNginx();
  const servers = [...server.matchAll(/^\s*server 127\.0\.0\.1:\d+;.*$/gm)];
  if (servers.length !== upstreams.length) throw new Error(`README's upstream has ${servers.length} servers, the test runs ${upstreams.length} processes`);
  servers.forEach((m, i) => (server = server.replace(m[0], `  server 127.0.0.1:${upstreams[i]};`)));
  if (!/^\s*listen 80;/m.test(server)) throw new Error("README's server block does not `listen 80;`");
  server = server.replace(/^(\s*)listen 80;.*$/m, `$1listen 127.0.0.1:${listen};`);
  server = server.replace(/^(\s*)location \/ \{$/m, `$1location / {\n$1  add_header X-Upstream $upstream_addr always;`);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n');
  return `worker_processes 1;\ndaemon off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nevents { worker_connections 512; }\nhttp {\n  access_log off;\n${temp}\n${server}\n}\n`;
}

let dir = '';
let nginx: ChildProcess | undefined;
let nginxOutput = '';
let base = '';
const api: ApiProcess[] = [];
let pool: pg.Pool;
let browser: Browser | undefined;
let page: Page;
let where: [number, number];

beforeAll(async () => {
  if (!DATABASE_URL) throw new Error('the deployment test needs a real PostgreSQL: set DATABASE_URL');
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const { rows } = await pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE '350102004%' ORDER BY code LIMIT 1) g`,
  );
  if (!rows[0]) throw new Error('the database holds no seeded city: run the suite (npm test) on it first');
  where = [rows[0].lng, rows[0].lat];
  // Windows of earlier runs from this address would count against the limits measured here.
  await pool.query(`DELETE FROM rate_limits WHERE bucket IN ('login', 'report') AND key = '127.0.0.1'`);

  const ports = [await freePort(), await freePort()];
  const env = (port: number) => ({
    DATABASE_URL: DATABASE_URL!, PORT: String(port), TRUST_PROXY: '1', SIMULATOR: 'on',
    LOGIN_RATE_LIMIT: String(LOGIN_LIMIT), REPORT_RATE_LIMIT: String(REPORT_LIMIT), ESCALATION_INTERVAL_S: '2', SENSING_INTERVAL_S: '2',
  });
  api.push(...(await Promise.all(ports.map((p) => startApi(env(p))))));

  dir = mkdtempSync(path.join(tmpdir(), 'citybrain-nginx-'));
  for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(`${dir}/${t}`);
  // nginx's workers may run as another user (when started by root): they write buffered bodies there.
  for (const d of [dir, ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${dir}/${t}`)]) chmodSync(d, 0o777);
  const listen = await freePort();
  writeFileSync(`${dir}/nginx.conf`, nginxConfig(dir, listen, ports));
  nginx = spawn(NGINX, ['-e', `${dir}/error.log`, '-p', dir, '-c', `${dir}/nginx.conf`], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout!.on('data', (c: Buffer) => (nginxOutput += c.toString()));
  nginx.stderr!.on('data', (c: Buffer) => (nginxOutput += c.toString()));
  base = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not come up: ${nginxOutput}\n${readFileSync(`${dir}/error.log`, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once('exit', r));
    nginx.kill('SIGQUIT');
    await exited;
  }
  await Promise.all(api.map((p) => stop(p)));
  await pool?.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Which API process (its port) gave an answer that came through nginx. */
const upstreamOf = (res: Response) => res.headers.get('x-upstream') ?? '(none)';
const portOf = (p: ApiProcess) => new URL(p.url).port;

async function report(to: string, description: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${to}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ typeCode: 'SJ0101', description, lng: where[0], lat: where[1] }),
  });
}

describe('two API processes behind nginx', () => {
  it('serves a browser signed in through nginx: one session on both processes, live cases written through either', async () => {
    page = await browser!.newPage({ viewport: { width: 1600, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/`);
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await page.locator('input[name=username]').fill('demo-district');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
    await page.goto(`${base}/?area=350102`);
    await page.getByTestId('live-state').and(page.locator('[data-state=live]')).waitFor({ timeout: 60_000 });

    // The browser's own requests land on both processes, signed in on each.
    const me = await page.evaluate(async () => {
      const out: { upstream: string; username: string | undefined }[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fetch('/trpc/auth.me');
        const body = await res.json();
        out.push({ upstream: res.headers.get('x-upstream') ?? '', username: body.result?.data?.username });
      }
      return out;
    });
    expect(new Set(me.map((m) => m.upstream.split(':').pop()))).toEqual(new Set(api.map(portOf)));
    expect(me.every((m) => m.username === 'demo-district')).toBe(true);

    // A report written straight to each process appears on the feed the browser follows through nginx.
    for (const p of api) {
      const res = await report(p.url, `部署测试 via ${portOf(p)}`);
      expect(res.status, await res.clone().text()).toBe(201);
      const { caseNo } = await res.json();
      const id = (await pool.query<{ id: number }>('SELECT id FROM incidents WHERE case_no = $1', [caseNo])).rows[0].id;
      await page.locator(`[data-testid=case-feed] button[data-case="${id}"]`).first().waitFor({ timeout: 30_000 });
    }
    // The map's tiles come through nginx too: it draws features once they have all arrived.
    await expect.poll(() => page.evaluate(() => {
      const map = window.__cityBrain?.map;
      return map ? map.areTilesLoaded() && map.queryRenderedFeatures().length > 0 : false;
    }), { timeout: 60_000 }).toBe(true);
    await page.screenshot({ path: `${OUT}/deploy-nginx.png` });
    expect(errors).toEqual([]);
  });

  it('holds the report limit for both processes together, whichever process or forwarded address is used', async () => {
    // Two of the REPORT_LIMIT were used above, one straight to each process.
    const through = [];
    for (let i = 0; i < 4; i++) {
      const res = await report(base, `部署测试 限流 ${i}`, { 'x-forwarded-for': `203.0.113.${i + 1}` });
      through.push({ status: res.status, upstream: upstreamOf(res), body: await res.text() });
    }
    expect(through.map((r) => r.status), JSON.stringify(through)).toEqual([201, 201, 429, 429]);
    expect(new Set(through.map((r) => r.upstream.split(':').pop()))).toEqual(new Set(api.map(portOf)));
    expect(through[2].body).toMatch(/too many reports from your address: 4 in 10 minutes/);
    for (const p of api) expect((await report(p.url, '部署测试 直连')).status).toBe(429);
  });

  it('holds the sign-in limit for both processes together', async () => {
    // One of LOGIN_LIMIT was the browser's sign-in.
    const anon = await anonymousSession(base);
    const attempts = [];
    for (let i = 0; i < LOGIN_LIMIT + 1; i++) {
      const res = await fetch(`${base}/trpc/auth.login`, {
        method: 'POST',
        headers: { ...anon.headers, 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i + 1}` },
        body: JSON.stringify({ username: 'nobody-deployed', password: `wrong-password-${i}` }),
      });
      attempts.push({ status: res.status, upstream: upstreamOf(res) });
    }
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(new Set(attempts.slice(0, 5).map((a) => a.upstream.split(':').pop()))).toEqual(new Set(api.map(portOf)));
    for (const p of api) {
      const direct = await anonymousSession(p.url);
      const res = await fetch(`${p.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { ...direct.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'demo-district', password: DEMO_PASSWORD }),
      });
      // The right password too: the address has used its attempts.
      expect(res.status).toBe(429);
    }
  });

  it('runs each background loop in one process, and the other takes it over when that one stops', { timeout: 180_000 }, async () => {
    /** Steps each process has run, per loop, from its own /metrics (read directly: loopback, no proxy). */
    const runs = async (p: ApiProcess) => {
      const text = await (await fetch(`${p.url}/metrics`)).text();
      return Object.fromEntries(LOOPS.map((loop) => [loop, Number(new RegExp(`citybrain_sweep_runs_total\\{sweep="${loop}",outcome="ok"\\} (\\d+)`).exec(text)?.[1] ?? 0)]));
    };
    // Leases left by processes of earlier runs lapse within 90 s; wait until every loop runs somewhere.
    let counts = await Promise.all(api.map(runs));
    for (let i = 0; i < 120 && LOOPS.some((l) => counts.every((c) => c[l] === 0)); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      counts = await Promise.all(api.map(runs));
    }
    // From then on, over 8 s (several ticks of each loop), each loop's steps are taken by one process only.
    const before = await Promise.all(api.map(runs));
    await new Promise((r) => setTimeout(r, 8000));
    counts = await Promise.all(api.map(runs));
    const ran = (loop: string) => counts.map((c, i) => c[loop] - before[i][loop]);
    for (const loop of LOOPS) expect(ran(loop).filter((n) => n > 0).map(() => loop), `${loop}: ${JSON.stringify(ran(loop))}`).toEqual([loop]);

    // Stop the process that runs the simulator: the other takes the loops over (handed back on stop).
    const leader = ran('simulator').findIndex((n) => n > 0);
    const other = api[1 - leader];
    const beforeStop = await runs(other);
    await stop(api[leader]);
    let after = beforeStop;
    for (let i = 0; i < 30 && LOOPS.some((l) => after[l] <= beforeStop[l]); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      after = await runs(other);
    }
    for (const loop of LOOPS) expect(after[loop], loop).toBeGreaterThan(beforeStop[loop]);
    // nginx sends everything to the process left.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      expect(upstreamOf(res)).toContain(`:${portOf(other)}`);
    }
  });
});
