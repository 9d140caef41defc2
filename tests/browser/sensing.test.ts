/**
 * Sensing in Chromium, as an operator of the 鼓楼区 command centre uses it: a camera's card with its live
 * view; free parking near a point clicked on the map, with the route drawn; a sensor alarm arriving on the
 * alarm list and the case it opened, one click away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, createTestContext, DEMO_PASSWORD } from '../helpers';
import { DEMO_INGEST_TOKEN } from '../../api/env';

const OUT = 'tests/output';
const STREET = '350102004';

let browser: Browser;
let page: Page;
let t: Awaited<ReturnType<typeof createTestContext>>;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  t = await createTestContext();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  await page.goto(`${baseUrl()}/`);
  await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
  await page.locator('input[name=username]').fill('demo-district');
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
});
afterAll(async () => {
  await browser?.close();
  await t?.pool.end();
});

const mapReady = (p: Page) => p.waitForFunction(() => window.__cityBrain?.ready && !window.__cityBrain.state.loading, undefined, { timeout: 60_000 });

describe('sensing on the dashboard', { timeout: 180_000 }, () => {
  it('opens a camera card with its live view', async () => {
    const cam = (await t.pool.query(`SELECT id, name FROM cameras WHERE grid_code LIKE $1 || '%' AND status = 'online' ORDER BY id LIMIT 1`, [STREET])).rows[0];
    await page.goto(`${baseUrl()}/?area=${STREET}&layers=areas,grids,cameras,camera_views&camera=${cam.id}`);
    await mapReady(page);
    await page.getByTestId('camera-card').waitFor();
    expect(await page.getByTestId('camera-name').textContent()).toBe(cam.name);
    const frame = page.getByTestId('camera-frame');
    await expect.poll(() => frame.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBe(640);
    const first = await frame.getAttribute('src');
    await expect.poll(() => frame.getAttribute('src'), { timeout: 10_000 }).not.toBe(first);
    await page.screenshot({ path: `${OUT}/sensing-1-camera.png` });
  });

  it('finds free parking near a clicked point and draws the route', async () => {
    await page.goto(`${baseUrl()}/?area=${STREET}`);
    await mapReady(page);
    await page.getByTestId('find-parking').click();
    await page.getByTestId('parking-hint').waitFor();
    const map = await page.getByTestId('map').boundingBox();
    await page.mouse.click(map!.x + map!.width / 2, map!.y + map!.height / 2);
    await expect
      .poll(async () => (await page.getByTestId('parking-result').count()) || (await page.getByTestId('parking-finder').textContent()), { timeout: 20_000 })
      .toBeTypeOf('number');
    await page.waitForTimeout(2500);
    // The routes are drawn: deck.gl picks them off the rendered map.
    const route = await page.evaluate(() => {
      const cb = window.__cityBrain!;
      const canvas = cb.map!.getCanvas();
      const picks = cb.deck!.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['parking-routes'] }) as { object: { id: number; path: [number, number][]; selected: boolean } }[];
      return picks.map((p) => ({ id: p.object.id, points: p.object.path.length, selected: p.object.selected }));
    });
    expect(route.length).toBeGreaterThan(0);
    expect(route.filter((r) => r.selected)).toHaveLength(1);
    expect(route.every((r) => r.points >= 2)).toBe(true);
    await page.screenshot({ path: `${OUT}/sensing-2-parking.png` });
    // An address found with the search box is the next place to park near.
    const listed = async () => ((await page.getByTestId('parking-result').count()) > 0 ? await page.getByTestId('parking-finder').textContent() : null);
    const before = await listed();
    const address = (await t.pool.query(`SELECT address FROM buildings WHERE grid_code LIKE $1 || '%' ORDER BY id DESC LIMIT 1`, [STREET])).rows[0].address as string;
    await page.getByTestId('search').fill(address.replace(/^福州市/, ''));
    await page.getByTestId('search-results').getByRole('option').first().waitFor();
    await page.getByTestId('search').press('Enter');
    await expect.poll(async () => { const now = await listed(); return now !== null && now !== before; }, { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('building-card').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('parking-finder').count()).toBe(0);
  });

  it('shows a sensor alarm as it arrives and opens the case it became', async () => {
    await page.goto(`${baseUrl()}/?area=${STREET}&layers=areas,grids,devices,alarms`);
    await mapReady(page);
    await page.getByTestId('alarms-panel').waitFor();
    // A smoke detector of the street, preferring one without a live alarm; on a database kept between runs,
    // the one whose live alarm is oldest, that alarm closed first so that the reading raises a new one.
    const device = (await t.pool.query(
      `SELECT d.id, d.code FROM devices d WHERE d.kind = 'smoke' AND d.grid_code LIKE $1 || '%'
       ORDER BY (SELECT max(a.last_at) FROM alarms a WHERE a.device_id = d.id AND a.status <> 'closed') NULLS FIRST, d.id LIMIT 1`,
      [STREET],
    )).rows[0];
    await t.pool.query(`UPDATE alarms SET status = 'closed', closed_at = now() WHERE device_id = $1 AND status <> 'closed'`, [device.id]);
    const res = await fetch(`${baseUrl()}/api/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_INGEST_TOKEN}` },
      body: JSON.stringify({ readings: [{ device: device.code, values: { smoke: 21.5 } }] }),
    });
    const body = await res.json();
    expect(res.status).toBe(200);
    const alarm = body.alarms[0];
    expect(alarm.caseNo).toMatch(/^FZ/);
    const item = page.locator(`[data-testid=alarm-item][data-alarm-id="${alarm.id}"]`);
    await item.waitFor({ timeout: 20_000 });
    expect(await item.getByTestId('alarm-case').textContent()).toBe(alarm.caseNo);
    await page.screenshot({ path: `${OUT}/sensing-3-alarm.png` });
    await item.getByTestId('alarm-ack').click();
    await expect.poll(() => item.getByTestId('alarm-ack').count(), { timeout: 10_000 }).toBe(0);
    await item.getByTestId('alarm-case').click();
    await page.getByTestId('case-drawer').waitFor();
    await expect.poll(() => page.getByTestId('case-drawer').textContent(), { timeout: 10_000 }).toContain(alarm.caseNo);
    await page.screenshot({ path: `${OUT}/sensing-4-case.png` });
    expect(problems).toEqual([]);
  });
});
