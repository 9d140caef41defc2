/**
 * The command-centre wall (/wall) in Chromium, as a wall runs it: an administrator creates a display, the wall's
 * browser opens its URL (the token leaves the address bar), the wall lays out at 1920×1080 and 3840×2160 with
 * nothing overlapping or off the screen, tours its scenes by itself, gives way to an urgent alarm (banner with
 * what, where, since when and the case number) and resumes, says plainly that its data is stale when the API goes
 * away and recovers by itself when it is back, and shows "revoked" once the administrator revokes it.
 *
 * The wall talks to the API through a TCP relay in this test: "killing the API" closes the relay's listener and
 * every connection through it (the browser sees the server gone: refused connections, a dropped live stream),
 * "restarting" listens again on the same port. The suite's one API server keeps running for the other tests.
 * Screenshots: tests/output/wall-*.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, createTestContext, signIn, type HttpSession } from '../helpers';
import { DEMO_INGEST_TOKEN } from '../../api/env';

const OUT = 'tests/output';
const DISTRICT = '350102';

/** A relay from a local port to the API server that can be cut and restored. */
class Relay {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** The API goes away: no new connections, and the open ones (the live stream among them) are cut. */
  async kill(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin: HttpSession;
let relay: Relay;
let t: Awaited<ReturnType<typeof createTestContext>>;
let displayId = 0;
const problems: string[] = [];

async function trpcPost<T>(path: string, input: unknown): Promise<T> {
  const res = await fetch(`${baseUrl()}/trpc/${path}`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data as T;
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  t = await createTestContext();
  admin = await signIn('demo-admin');
  const api = new URL(baseUrl());
  relay = new Relay({ host: api.hostname, port: Number(api.port) });
  await relay.start();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: `${OUT}/wall-failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png` }).catch(() => undefined);
});
afterAll(async () => {
  await browser?.close();
  await relay?.kill();
  await t?.pool.end();
});

/**
 * Nothing leaves the screen or overlaps: every visible element of the panels lies inside the viewport, and the
 * top bar, the two side panels and the tour bar are pairwise disjoint. Returns the offenders.
 */
async function layoutProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const canvas = document.querySelector('[data-testid=wall-canvas]')!;
    for (const el of canvas.querySelectorAll<HTMLElement>('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) out.push(`off screen: ${el.className || el.tagName} ${JSON.stringify(r)}`);
    }
    const boxes = ['wall-top', 'wall-left', 'wall-right', 'wall-tour'].map((id) => [id, document.querySelector(`[data-testid=${id}]`)!.getBoundingClientRect()] as const);
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const [a, ra] = boxes[i];
        const [b, rb] = boxes[j];
        const overlap = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 0.5 && Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 0.5;
        if (overlap) out.push(`${a} overlaps ${b}`);
      }
    }
    // Text that does not fit its box is cut with an ellipsis, never drawn over its neighbour.
    for (const el of canvas.querySelectorAll<HTMLElement>('.wall-box, .wall-top, .wall-tour')) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`overflows sideways: ${el.className}`);
    }
    return out;
  });
}

const scene = () => page.getByTestId('wall').getAttribute('data-scene');
const step = async () => Number(await page.getByTestId('wall').getAttribute('data-step'));

describe('the command-centre wall in Chromium', { timeout: 600_000 }, () => {
  it('opens a display URL: signed in without a password, the token gone from the address', async () => {
    const made = await trpcPost<{ id: number; url: string }>('admin.createDisplay', {
      name: '测试大屏 · 鼓楼区指挥中心',
      areaCode: DISTRICT,
      scenes: [{ kind: 'overview', dwellS: 8 }, { kind: 'areas', dwellS: 5 }, { kind: 'sensing', dwellS: 8 }, { kind: 'live', dwellS: 8 }],
      takeoverS: 12,
    });
    displayId = made.id;
    expect(made.url).toMatch(/^\/wall\?token=[\w-]{20,}$/);
    await page.goto(`${relay.url}${made.url}`);
    await page.getByTestId('wall').waitFor({ timeout: 90_000 });
    expect(new URL(page.url()).pathname).toBe('/wall');
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await expect.poll(() => page.getByTestId('wall-top').textContent(), { timeout: 30_000 }).toContain('测试大屏');
    await expect.poll(() => page.getByTestId('wall-health').getAttribute('data-connected'), { timeout: 30_000 }).toBe('yes');
    // The clock shows China time, formatted; the figures are counts.
    expect(await page.getByTestId('wall-clock').textContent()).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    await expect.poll(() => page.getByTestId('wall-figures').textContent(), { timeout: 30_000 }).toMatch(/在办案件\s*[\d,]+/);
  });

  it('lays out at 1920×1080 with nothing overlapping or off the screen', async () => {
    await page.waitForTimeout(2500);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${OUT}/wall-1920x1080.png`, timeout: 120_000 });
  });

  it('tours its scenes by itself', async () => {
    // The steps: the overview, the district's streets one by one (the areas scene), sensing, live.
    const total = await page.getByTestId('wall-tour').locator('li').count();
    expect(total).toBeGreaterThanOrEqual(5);
    const visited: number[] = [await step()];
    const scenes = new Set([String(await scene())]);
    const until = Date.now() + 60_000;
    while (Date.now() < until && visited.length < 6) {
      await page.waitForTimeout(500);
      const now = await step();
      if (now !== visited[visited.length - 1]) {
        visited.push(now);
        scenes.add(String(await scene()));
      }
    }
    // Each step follows the one before, in the configured order, by itself.
    expect(visited.length).toBe(6);
    for (let i = 1; i < visited.length; i += 1) expect(visited[i]).toBe((visited[i - 1] + 1) % total);
    expect(scenes.size).toBeGreaterThanOrEqual(1);
    expect([...scenes].every((k) => ['overview', 'areas', 'sensing', 'live'].includes(k))).toBe(true);
    expect(await layoutProblems(page)).toEqual([]);
  });

  it('gives way to an urgent alarm, then resumes the tour', async () => {
    const device = (await t.pool.query(
      `SELECT d.id, d.code FROM devices d WHERE d.kind = 'smoke' AND d.grid_code LIKE $1 || '%'
       ORDER BY (SELECT max(a.last_at) FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed') NULLS FIRST, d.id DESC LIMIT 1`,
      [DISTRICT],
    )).rows[0];
    await t.pool.query(`UPDATE alarms SET status = 'closed', closed_at = now() WHERE device_id = $1 AND status <> 'closed'`, [device.id]);
    const res = await fetch(`${baseUrl()}/api/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_INGEST_TOKEN}` },
      body: JSON.stringify({ readings: [{ device: device.code, values: { smoke: 30 } }] }),
    });
    const body = await res.json();
    expect(res.status).toBe(200);
    const alarm = body.alarms[0];
    const banner = page.getByTestId('wall-takeover');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute('data-key')).toBe(`alarm:${alarm.id}`);
    expect(await banner.getAttribute('data-kind')).toBe('alarm');
    const text = await banner.textContent();
    expect(text).toContain('紧急告警');
    expect(text).toContain('烟雾报警');
    expect(text).toContain('鼓楼区 · ');
    expect(text).toMatch(/发生于 \d{1,2}\/\d{1,2} \d{2}:\d{2}/);
    expect(await page.getByTestId('wall-takeover-case').textContent()).toBe(alarm.caseNo);
    // The tour holds while the alert is up.
    const held = await step();
    await page.waitForTimeout(3000);
    expect(await step()).toBe(held);
    await page.screenshot({ path: `${OUT}/wall-takeover.png`, timeout: 120_000 });
    expect(await layoutProblems(page)).toEqual([]);
    // After its 12 s the banner goes and the tour moves on.
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(step, { timeout: 30_000 }).not.toBe(held);
  });

  it('says its data is stale when the API goes away, and recovers by itself', async () => {
    await relay.kill();
    try {
      const stale = page.getByTestId('wall-stale');
      await stale.waitFor({ timeout: 30_000 });
      // The API's own health check (every 5 s) names the cause.
      await expect.poll(() => stale.textContent(), { timeout: 15_000 }).toContain('服务器无响应');
      expect(await page.getByTestId('wall-health').getAttribute('data-connected')).toBe('no');
      // The age keeps counting: the wall is not frozen.
      const age1 = await page.getByTestId('wall-age').textContent();
      await page.waitForTimeout(2500);
      expect(await page.getByTestId('wall-age').textContent()).not.toBe(age1);
      await page.screenshot({ path: `${OUT}/wall-stale.png`, timeout: 120_000 });
    } finally {
      await relay.start();
    }
    await page.getByTestId('wall-stale').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(() => page.getByTestId('wall-health').getAttribute('data-connected'), { timeout: 60_000 }).toBe('yes');
  });

  it('lays out at 3840×2160 (the map at the screen resolution, the panels scaled)', async () => {
    const big = await context.newPage();
    await big.setViewportSize({ width: 3840, height: 2160 });
    big.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // The same screen again: signed in by the kept token and cookie, no token in the address.
    await big.goto(`${relay.url}/wall`);
    await big.getByTestId('wall').waitFor({ timeout: 90_000 });
    await expect.poll(() => big.getByTestId('wall-health').getAttribute('data-connected'), { timeout: 60_000 }).toBe('yes');
    const scale = await big.getByTestId('wall-canvas').evaluate((el) => getComputedStyle(el).transform);
    expect(scale).toBe('matrix(2, 0, 0, 2, 0, 0)');
    // The map's drawing buffer is the screen's size, not a scaled-up bitmap.
    const canvasSize = await big.locator('.wall-map canvas.maplibregl-canvas').evaluate((c: HTMLCanvasElement) => [c.width, c.height]);
    expect(canvasSize).toEqual([3840, 2160]);
    await big.waitForTimeout(3000);
    expect(await layoutProblems(big)).toEqual([]);
    await big.screenshot({ path: `${OUT}/wall-3840x2160.png`, timeout: 180_000 });
    await big.close();
  });

  it('stretches across a 7680×2160 wall: panels at its edges, the map between', async () => {
    await trpcPost('admin.updateDisplay', { id: displayId, fit: 'stretch' });
    const wide = await context.newPage();
    await wide.setViewportSize({ width: 7680, height: 2160 });
    wide.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await wide.goto(`${relay.url}/wall`);
    await expect.poll(() => wide.getByTestId('wall').getAttribute('data-fit'), { timeout: 90_000 }).toBe('stretch');
    await expect.poll(() => wide.getByTestId('wall-health').getAttribute('data-connected'), { timeout: 60_000 }).toBe('yes');
    await wide.waitForTimeout(3000);
    expect(await layoutProblems(wide)).toEqual([]);
    const left = await wide.getByTestId('wall-left').boundingBox();
    const right = await wide.getByTestId('wall-right').boundingBox();
    expect(left!.x).toBeLessThan(40);
    expect(right!.x + right!.width).toBeGreaterThan(7680 - 40);
    // Type scaled by the height (×2), not distorted.
    expect(await wide.getByTestId('wall-canvas').evaluate((el) => getComputedStyle(el).transform)).toBe('matrix(2, 0, 0, 2, 0, 0)');
    await wide.screenshot({ path: `${OUT}/wall-7680x2160-stretch.png`, timeout: 240_000 });
    await wide.close();
  });

  it('blanks within a minute of being revoked', async () => {
    await trpcPost('admin.revokeDisplay', { id: displayId });
    await page.getByTestId('wall-revoked').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('wall-revoked').textContent()).toContain('此大屏已被撤销');
    await page.screenshot({ path: `${OUT}/wall-revoked.png` });
    expect(problems).toEqual([]);
  });
});
