/**
 * The planners' screen (规划分析 · 15分钟社区生活圈) in Chromium, as a planner uses it: signs in and lands on
 * the life circles of their district, picks kindergartens within 5 minutes in a street, sees the gap cells and
 * the coverage, creates a scenario (its id in the address), adds a kindergarten in a gap by clicking the map and
 * sees the coverage rise, draws isochrones, asks for three suggested sites and gets three, and reads it all in
 * English. Screenshots: tests/output/planning-*.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, DEMO_PASSWORD } from '../helpers';

const OUT = 'tests/output';
/** Computing coverage on a cold server builds the walking model first. */
const SLOW = 120_000;

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce' });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
});
afterEach(async (context) => {
  // A failed step leaves a picture of what the planner saw.
  if (context.task.result?.state === 'fail') await page?.screenshot({ path: `${OUT}/planning-failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png` }).catch(() => undefined);
});
afterAll(async () => {
  await browser?.close();
});

/** A picture of the screen as it stands: no hover card under the mouse, the side panel from its top (or at `panel`). */
async function shot(name: string, panel?: string) {
  await page.mouse.move(5, 995);
  if (panel) await page.getByTestId(panel).scrollIntoViewIfNeeded();
  else await page.locator('.planning-side').evaluate((el) => el.scrollTo(0, 0));
  await page.waitForTimeout(1500);
  // Software WebGL on a busy machine: a frame can take a while.
  await page.screenshot({ path: `${OUT}/planning-${name}.png`, timeout: 120_000 });
}

const param = (name: string) => new URL(page.url()).searchParams.get(name);
const covered = async () => Number(await page.getByTestId('coverage-covered').getAttribute('data-covered'));

/** Waits until the coverage of what the address asks is shown and the map has drawn it. */
async function settled() {
  await page.waitForFunction(() => window.__cityBrainPlanning?.ready === true, undefined, { timeout: SLOW });
}

describe('the planning screen in Chromium', { timeout: 600_000 }, () => {
  it('lands a planner on the life circles of their district', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await page.locator('input[name=username]').fill('demo-planner');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('planning-screen').waitFor({ timeout: 60_000 });
    expect(param('view')).toBe('planning');
    expect(param('area')).toBe('350102');
    expect(param('ptype')).toBe('kindergarten');
    await expect.poll(() => page.getByTestId('view-planning').getAttribute('aria-current'), { timeout: 10_000 }).toBe('page');
    await expect.poll(() => page.getByTestId('planning-area').textContent(), { timeout: 30_000 }).toBe('鼓楼区');
    await page.getByTestId('coverage-rate').waitFor({ timeout: SLOW });
    // The type picker shows the standard circle, reach and target group.
    expect(await page.getByTestId('ptype-facts').textContent()).toContain('学前儿童');
    expect(await page.getByTestId('ptype-facts').textContent()).toContain('约300米');
    // The streets, with their rates.
    const rows = page.locator('[data-testid=coverage-table] tbody tr');
    await expect.poll(() => rows.count(), { timeout: SLOW }).toBeGreaterThan(3);
    expect(await rows.evaluateAll((trs) => trs.every((tr) => (tr.getAttribute('data-code') ?? '').startsWith('350102')))).toBe(true);
    // Counts only: no names of people anywhere (the planner's own name is in the user menu, nowhere else).
    expect(await page.getByTestId('planning-screen').textContent()).not.toMatch(/演示|demo-/);
    await settled();
    await shot('1-district');
  });

  it('picks kindergartens within 5 minutes in a street: gap cells and the coverage', async () => {
    // A street with people not covered: the worst rate first (the table's order).
    const worst = page.locator('[data-testid=coverage-table] tbody tr').first();
    const code = (await worst.getAttribute('data-code'))!;
    const name = (await worst.locator('th').textContent())!.trim();
    await page.getByTestId(`coverage-name-${code}`).click();
    await expect.poll(() => param('area'), { timeout: 10_000 }).toBe(code);
    await expect.poll(() => page.getByTestId('planning-area').textContent(), { timeout: 30_000 }).toBe(name);

    await page.getByTestId('ptype').selectOption('kindergarten');
    await page.getByTestId('minutes-5').click();
    await expect.poll(() => param('minutes'), { timeout: 10_000 }).toBe('5');
    expect(param('ptype')).toBe('kindergarten');
    expect(await page.getByTestId('threshold').textContent()).toContain('300');
    await settled();

    const rate = await page.getByTestId('coverage-rate').getAttribute('data-rate');
    expect(Number(rate)).toBeGreaterThanOrEqual(0);
    expect(Number(rate)).toBeLessThan(1);
    expect(await page.getByTestId('coverage-covered').textContent()).toMatch(/已覆盖 [\d,.万]+ \/ [\d,.万]+ 人/);
    const gaps = page.locator('[data-testid=gap-list] li');
    await expect.poll(() => gaps.count(), { timeout: SLOW }).toBeGreaterThan(0);
    expect(Number(await gaps.first().getAttribute('data-people'))).toBeGreaterThan(0);
    // The gap cells are on the map, as H3 hexagons (deck.gl picks them off the rendered map).
    await page.waitForTimeout(1500);
    const picked = await page.evaluate(() => {
      const { map, deck } = window.__cityBrainPlanning!;
      const canvas = map!.getCanvas();
      return deck!.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['planning-gaps'] }).length;
    });
    expect(picked).toBeGreaterThan(0);
    await shot('2-street-gaps');
  });

  it('draws the 5/10/15-minute isochrones of a clicked point', async () => {
    await page.getByTestId('tool-isochrone').click();
    const box = (await page.locator('.planning-map canvas').first().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.55, box.y + box.height * 0.5);
    const bands = page.locator('[data-testid=isochrone-bands] li');
    await expect.poll(() => bands.count(), { timeout: SLOW }).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('isochrone-bands').textContent()).toContain('15 分钟');
    expect(await page.getByTestId('export-isochrone').getAttribute('href')).toMatch(/^\/api\/exports\/planning-isochrone\.geojson\?lng=[\d.]+&lat=[\d.]+&minutes=5,10,15$/);
    await shot('3-isochrones');
    await page.getByTestId('isochrone-clear').click();
    await page.getByTestId('tool-select').click();
  });

  it('creates a scenario, adds a kindergarten in a gap on the map, and the coverage rises', async () => {
    const before = await covered();
    await page.getByTestId('scenario-name').fill('东街幼儿园补点');
    await page.getByTestId('scenario-create').click();
    await expect.poll(() => param('scenario'), { timeout: 30_000 }).toMatch(/^\d+$/);
    await page.getByTestId('scenario-open').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('scenario-title').textContent()).toBe('东街幼儿园补点');
    expect(await page.getByTestId('scenario-note').textContent()).toContain('不会改变现状设施');
    await settled();

    // The largest gap, shown on the map; then "place facility" and a click on it.
    const gap = page.locator('[data-testid=gap-list] li').first();
    const at = { lng: Number(await gap.getAttribute('data-lng')), lat: Number(await gap.getAttribute('data-lat')) };
    await page.getByTestId('gap-locate-0').click();
    await page.getByTestId('picked-card').waitFor({ timeout: 10_000 });
    await page.getByTestId('picked-close').click();
    await page.getByTestId('tool-add').click();
    expect(await page.getByTestId('map-hint').textContent()).toContain('点击放置');
    await page.waitForTimeout(500);
    const point = await page.evaluate(({ lng, lat }) => {
      const map = window.__cityBrainPlanning!.map!;
      const r = map.getContainer().getBoundingClientRect();
      const p = map.project([lng, lat]);
      return { x: r.left + p.x, y: r.top + p.y };
    }, at);
    await page.mouse.click(point.x, point.y);

    await expect.poll(() => page.locator('[data-testid=edit-list] li').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('scenario-open').getAttribute('data-version'), { timeout: 30_000 }).not.toBe('1');
    await expect.poll(covered, { timeout: SLOW }).toBeGreaterThan(before);
    await settled();
    const gained = Number(await page.getByTestId('scenario-gained').getAttribute('data-value'));
    expect(gained).toBeGreaterThan(0);
    expect(await covered()).toBe(before + gained - Number(await page.getByTestId('scenario-lost').getAttribute('data-value')));
    // The delta column of the sub-areas.
    expect(await page.locator('[data-testid=coverage-table] thead').textContent()).toContain('方案变化');
    expect(await page.getByTestId('export-scenario').count()).toBe(1);
    await shot('4-scenario');
  });

  it('asks for three suggested sites and gets three, numbered with their gains', async () => {
    await page.getByTestId('suggest-count').fill('3');
    await page.getByTestId('suggest-ask').click();
    const sites = page.locator('[data-testid=suggest-list] li');
    await expect.poll(() => sites.count(), { timeout: SLOW }).toBe(3);
    const gains = await sites.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-gain'))));
    expect(gains.every((g) => g > 0)).toBe(true);
    expect(await page.getByTestId('suggest-summary').textContent()).toMatch(/覆盖率 [\d.]+% → [\d.]+%/);
    await page.getByTestId('suggestion-locate-0').click();
    await shot('5-suggestions', 'suggest-panel');
  });

  it('says so when someone else changed the scenario meanwhile, reloads it, and the change can be made again', async () => {
    const id = Number(param('scenario'));
    const version = Number(await page.getByTestId('scenario-open').getAttribute('data-version'));
    const withSite = await covered();
    // Another planner renames it (another tab, another person): the version the page holds is stale now.
    const status = await page.evaluate(
      async ({ id, version }) => {
        const csrf = /(?:^|;\s*)cb_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
        const res = await fetch('/trpc/planning.scenario.update?batch=1', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ 0: { id, version, name: '东街幼儿园补点（修订）' } }),
        });
        return res.status;
      },
      { id, version },
    );
    expect(status).toBe(200);
    // Undoing the added kindergarten now meets the other change: CONFLICT, shown, and the latest version loaded.
    await page.getByTestId('undo-0').click();
    await expect.poll(() => page.getByTestId('scenario-problem').textContent(), { timeout: 30_000 }).toContain('已被他人修改');
    await expect.poll(() => page.getByTestId('scenario-title').textContent(), { timeout: 30_000 }).toBe('东街幼儿园补点（修订）');
    expect(await page.locator('[data-testid=edit-list] li').count()).toBe(1);
    // Done again on the latest version, it goes through: the gap is back.
    await page.getByTestId('undo-0').click();
    await expect.poll(() => page.getByTestId('edit-list').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(covered, { timeout: SLOW }).toBeLessThan(withSite);
    await settled();
    const withoutSite = await covered();
    expect(await page.getByTestId('scenario-problem').count()).toBe(0);
    // A suggested site added to the scenario instead: numbered 1, the coverage rises again.
    await page.getByTestId('suggestion-add-0').click();
    await expect.poll(() => page.locator('[data-testid=edit-list] li').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(covered, { timeout: SLOW }).toBeGreaterThan(withoutSite);
    await expect.poll(() => page.getByTestId('suggestion-add-0').textContent(), { timeout: 10_000 }).toBe('✓');
  });

  it('keeps the scenario in the address: a reload shows it again, and back leaves it', async () => {
    const id = param('scenario');
    const before = await covered();
    await page.reload();
    await page.getByTestId('scenario-open').waitFor({ timeout: 60_000 });
    expect(param('scenario')).toBe(id);
    expect(await page.getByTestId('scenario-title').textContent()).toBe('东街幼儿园补点（修订）');
    await expect.poll(covered, { timeout: SLOW }).toBe(before);
    await page.goBack();
    await expect.poll(() => param('scenario'), { timeout: 10_000 }).toBeNull();
    await page.goForward();
    await expect.poll(() => param('scenario'), { timeout: 10_000 }).toBe(id);
    await page.getByTestId('scenario-open').waitFor({ timeout: 60_000 });
  });

  it('speaks English', async () => {
    await page.getByTestId('lang').click();
    await expect.poll(() => page.getByTestId('view-planning').textContent(), { timeout: 10_000 }).toBe('Planning');
    expect(await page.getByTestId('minutes-5').textContent()).toBe('5 min');
    expect(await page.getByTestId('ptype-facts').textContent()).toContain('Children 3–6');
    expect(await page.getByTestId('scenario-note').textContent()).toContain('never change the real facilities');
    await settled();
    expect(await page.getByTestId('coverage-covered').textContent()).toMatch(/[\d,]+ of [\d,]+ covered/);
    await shot('6-english');
    expect(problems).toEqual([]);
  });
});
