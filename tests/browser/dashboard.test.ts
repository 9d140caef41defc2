import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { baseUrl } from '../helpers';

/** Debian's chromium, headless, with software WebGL2 (swiftshader). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];
const OUT = 'tests/output';

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});
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
  await page.waitForFunction(() => (window as any).__cityBrain?.ready === true && !(window as any).__cityBrain?.state?.loading, null, { timeout: 90_000 });
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
      const map = (window as any).__cityBrain.map;
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
      const cb = (window as any).__cityBrain;
      const canvas = cb.map.getCanvas();
      const picks = cb.deck.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['buildings'] }) as any[];
      const ids = [...new Set(picks.filter((p) => p.object?.properties?.id && p.object.properties.count === undefined).map((p) => p.object.properties.id as number))];
      for (const id of ids) {
        const res = await fetch(`/trpc/building.byId?input=${encodeURIComponent(JSON.stringify({ id }))}`);
        const body = await res.json();
        if (body.result?.data?.ancestors?.some((a: { code: string }) => a.code === '350102004001')) return id;
      }
      return null;
    });
    expect(buildingId, 'a building rendered on the map').not.toBeNull();
    await page.evaluate((id) => (window as any).__cityBrain.openBuilding(id), buildingId);
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
