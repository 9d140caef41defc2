import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, DEMO_PASSWORD, tileOf } from '../helpers';
import { LAYERS } from '../../tiles/layers';

const OUT = 'tests/output';

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  await signInThroughForm(page, 'demo-admin');
});

/** Sign in as a user would: the login page, the form, the dashboard with the user's name. */
async function signInThroughForm(p: Page, username: string) {
  await p.goto(`${baseUrl()}/`);
  await p.getByTestId('login-form').waitFor({ timeout: 60_000 });
  await p.locator('input[name=username]').fill(username);
  await p.locator('input[name=password]').fill(DEMO_PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.getByTestId('user-menu').waitFor({ timeout: 60_000 });
}
afterAll(async () => {
  await browser?.close();
});

/** Share of canvas pixels that differ from the most common colour: 0 for a blank map. */
async function mapPixelVariety(): Promise<number> {
  const shot = await page.locator('canvas').first().screenshot();
  // Decode in the page: the browser has a PNG decoder, Node does not without a dependency.
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < data.length; i += 16) {
      const key = (data[i] >> 3) * 1024 + (data[i + 1] >> 3) * 32 + (data[i + 2] >> 3);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const total = data.length / 16;
    return 1 - Math.max(...counts.values()) / total;
  }, shot.toString('base64'));
}

async function waitReady() {
  await page.waitForFunction(() => window.__cityBrain?.ready === true && !window.__cityBrain?.state.loading, null, { timeout: 90_000 });
}

describe('the dashboard in Chromium', { timeout: 300_000 }, () => {
  it('opens on the city and renders the map (not a blank canvas)', async () => {
    await page.goto(`${baseUrl()}/?area=3501`);
    await waitReady();
    await expect.poll(async () => page.getByTestId('area-name').textContent(), { timeout: 30_000 }).toContain('福州市');
    await page.waitForTimeout(4000);
    const variety = await mapPixelVariety();
    expect(variety).toBeGreaterThan(0.02);
    const rendered = await page.evaluate(() => {
      const map = window.__cityBrain!.map!;
      return map.queryRenderedFeatures().length;
    });
    expect(rendered).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}/01-city.png` });
  });

  it('drills 福州市 → 鼓楼区 → 东街街道 → 军门社区 → a building, with the URL following', async () => {
    for (const [code, name] of [['350102', '鼓楼区'], ['350102004', '东街街道'], ['350102004001', '军门社区']]) {
      await page.getByTestId(`child-${code}`).click();
      await expect.poll(async () => page.getByTestId('area-name').textContent(), { timeout: 30_000 }).toContain(name);
      await waitReady();
      expect(new URL(page.url()).searchParams.get('area')).toBe(code);
      await expect.poll(async () => page.getByTestId('breadcrumb').textContent()).toContain(name);
      await page.waitForTimeout(2500);
      await page.screenshot({ path: `${OUT}/02-${code}.png` });
    }
    expect(await mapPixelVariety()).toBeGreaterThan(0.02);
    // Buildings of 军门社区 are on the map: pick the rendered deck.gl buildings, and take one that the API
    // places in 军门社区 (neighbouring communities are on screen too).
    const buildingId = await page.evaluate(async () => {
      const cb = window.__cityBrain!;
      const canvas = cb.map!.getCanvas();
      const picks = cb.deck!.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['buildings'] });
      const ids = [...new Set(picks.filter((p) => p.object?.properties?.id && p.object.properties.count === undefined).map((p) => p.object.properties.id as number))];
      for (const id of ids) {
        const res = await fetch(`/trpc/building.byId?input=${encodeURIComponent(JSON.stringify({ id }))}`);
        const body = await res.json();
        if (body.result?.data?.ancestors?.some((a: { code: string }) => a.code === '350102004001')) return id;
      }
      return null;
    });
    expect(buildingId, 'a building rendered on the map').not.toBeNull();
    await page.evaluate((id) => window.__cityBrain!.openBuilding(id), buildingId!);
    const card = page.getByTestId('building-card');
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(async () => card.textContent()).toContain('军门社区');
    expect(new URL(page.url()).searchParams.get('building')).toBe(String(buildingId));
    await page.screenshot({ path: `${OUT}/03-building.png` });
  });

  it('restores the state from a deep link and goes back with the browser', async () => {
    await page.goto(`${baseUrl()}/?area=350102004`);
    await waitReady();
    await expect.poll(async () => page.getByTestId('area-name').textContent()).toContain('东街街道');
    await page.getByTestId('child-350102004001').click();
    await expect.poll(async () => page.getByTestId('area-name').textContent()).toContain('军门社区');
    await page.goBack();
    await expect.poll(async () => page.getByTestId('area-name').textContent()).toContain('东街街道');
  });

  it('finds an area with the keyboard and keeps layer toggles in the URL', async () => {
    await page.goto(`${baseUrl()}/?area=3501`);
    await waitReady();
    await page.keyboard.press('/');
    await page.keyboard.type('军门');
    await page.getByTestId('search-results').getByText('军门社区', { exact: true }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.getByTestId('area-name').textContent(), { timeout: 30_000 }).toContain('军门社区');
    expect(new URL(page.url()).searchParams.get('area')).toBe('350102004001');
    await page.getByTestId('layer-cameras').check();
    expect(new URL(page.url()).searchParams.get('layers')?.split(',')).toContain('cameras');
    await page.reload();
    await waitReady();
    await expect.poll(async () => page.getByTestId('layer-cameras').isChecked()).toBe(true);
  });

  it('switches to English and shows an error for an unknown area code', async () => {
    await page.goto(`${baseUrl()}/?area=350199&lang=en`);
    await waitReady();
    await expect.poll(async () => page.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('350199');
    await page.screenshot({ path: `${OUT}/04-error-en.png` });
    expect(problems.filter((p) => !/WebGL|GPU|swiftshader/i.test(p))).toEqual([]);
  });
});

describe('a street sub-centre operator in Chromium', { timeout: 300_000 }, () => {
  it('signs in, opens on 东街街道, sees only that street, and is refused another district', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await signInThroughForm(p, 'demo-street');
      await p.waitForFunction(() => window.__cityBrain?.ready === true && !window.__cityBrain?.state.loading, null, { timeout: 90_000 });
      await expect.poll(async () => p.getByTestId('area-name').textContent(), { timeout: 30_000 }).toContain('东街街道');
      expect(await p.getByTestId('user-menu').textContent()).toContain('东街街道');
      // Its communities are listed; nothing of a sibling street is.
      const children = await p.locator('[data-testid^="child-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(6)));
      expect(children.length).toBeGreaterThan(0);
      expect(children.every((c) => c.startsWith('350102004'))).toBe(true);
      // Masked personal data of the street's special groups.
      await p.getByTestId('residents-toggle').click();
      await expect.poll(async () => p.getByTestId('resident-phone').first().textContent(), { timeout: 30_000 }).toMatch(/^\d{3}\*{4}\d{4}$/);
      await p.screenshot({ path: `${OUT}/05-street-operator.png` });
      // Going up shows the district as totals with only the path back in.
      await p.goto(`${baseUrl()}/?area=350102`);
      await p.getByTestId('above-scope').waitFor({ timeout: 30_000 });
      const up = await p.locator('[data-testid^="child-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(6)));
      expect(up).toEqual(['350102004']);
      // Another district is refused with a message naming the scope.
      await p.goto(`${baseUrl()}/?area=350104`);
      await expect.poll(async () => p.getByTestId('error').textContent(), { timeout: 30_000 }).toContain('outside your scope');
      await p.screenshot({ path: `${OUT}/06-street-operator-refused.png` });
      // Tiles of scoped layers hold only the street's features.
      const cangshan = tileOf(119.32, 26.02, 15);
      const centre = await p.evaluate(async () => (await (await fetch(`/trpc/area.get?input=${encodeURIComponent('{"code":"350102004001"}')}`)).json()).result.data.center);
      const dongjie = tileOf(centre[0], centre[1], 15);
      const status = (t: { z: number; x: number; y: number }) => p.evaluate(async (u) => (await fetch(u)).status, `/tiles/buildings/${t.z}/${t.x}/${t.y}.mvt`);
      expect(await status(dongjie)).toBe(200);
      expect(await status(cangshan)).toBe(204);
      // Sign out: back to the login page, and the API no longer knows the session.
      await p.getByTestId('logout').click();
      await p.getByTestId('login-form').waitFor({ timeout: 30_000 });
      const me = await p.evaluate(async () => (await (await fetch('/trpc/auth.me')).json()).result.data);
      expect(me).toBeNull();
    } finally {
      await context.close();
    }
  });
});

describe('the public map in Chromium', { timeout: 300_000 }, () => {
  it('needs no account and shows only the public layers', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await p.goto(`${baseUrl()}/`);
      await p.getByTestId('open-public-map').click();
      await p.getByTestId('public-map').waitFor({ timeout: 60_000 });
      const toggles = await p.locator('[data-testid^="layer-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')).filter((id) => id !== 'layer-panel'));
      // Exactly the public layers of the registry, none of the scoped ones.
      expect(toggles.sort()).toEqual(LAYERS.filter((l) => l.access === 'public').map((l) => `layer-${l.id}`).sort());
      expect(toggles).toEqual(expect.arrayContaining(['layer-areas', 'layer-facilities', 'layer-parking', 'layer-roads']));
      const buildings = await p.evaluate(async () => (await fetch('/tiles/buildings/14/13638/6989.mvt')).status);
      expect(buildings).toBe(401);
      await p.waitForTimeout(3000);
      await p.screenshot({ path: `${OUT}/07-public-map.png` });
      // No tile of a hidden or scoped layer was asked for (it would have shown a tile error).
      expect(await p.getByRole('alert').count()).toBe(0);
      expect(problems.filter((x) => !/WebGL|GPU|swiftshader/i.test(x))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the auditor in Chromium', { timeout: 300_000 }, () => {
  it('reads the audit log and filters it', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      await signInThroughForm(p, 'demo-auditor');
      // An auditor has the audit log in the menu; no account administration.
      expect(await p.getByTestId('open-accounts').count()).toBe(0);
      await p.getByTestId('open-audit').click();
      await p.getByTestId('audit-view').waitFor();
      await expect.poll(async () => p.getByTestId('audit-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await p.getByTestId('audit-action').fill('auth.login');
      await p.getByTestId('audit-username').fill('demo-auditor');
      await expect
        .poll(async () => (await p.getByTestId('audit-row').allTextContents()).every((r) => r.includes('auth.login') && r.includes('demo-auditor')), { timeout: 30_000 })
        .toBe(true);
      expect(await p.getByTestId('audit-row').count()).toBeGreaterThan(0);
      await p.screenshot({ path: `${OUT}/08-audit-log.png` });
    } finally {
      await context.close();
    }
  });
});
