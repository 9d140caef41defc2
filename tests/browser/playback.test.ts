/**
 * Time playback on the desk dashboard in Chromium: an operator opens 回放, looks at the seeded week ending on the
 * history's last day, moves the slider, and the figures follow: the open cases shown at the slider's time are
 * exactly those the event log (incident.timeline, read independently here) says were open then. Playing moves
 * the clock forward by itself. Screenshot: tests/output/playback-desk.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, DEMO_PASSWORD, signIn } from '../helpers';
import { playbackStateAt } from '../../web/src/playback/state';
import { isLiveStatus } from '../../tiles/domain/cases';
import type { Timeline } from '../../web/src/api';

const OUT = 'tests/output';
/** The seeded history's last day (seed/generate.ts ends it there, for determinism). */
const END_DAY = '2026-11-20';

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce' });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
});
afterAll(async () => {
  await browser?.close();
});

describe('time playback on the dashboard', { timeout: 300_000 }, () => {
  it('shows the cases as the event log says they stood at the slider time', async () => {
    await page.goto(`${baseUrl()}/?area=350102`);
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await page.locator('input[name=username]').fill('demo-district');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });

    await page.getByTestId('playback-toggle').click();
    await page.getByTestId('playback-bar').waitFor();
    await page.getByTestId('playback-window').selectOption('7d');
    await page.getByTestId('playback-end').fill(END_DAY);
    const figures = page.getByTestId('playback-figures');
    await figures.waitFor({ timeout: 60_000 });

    // The same window, asked of the API directly as the same user.
    const to = Math.min(Date.parse(`${END_DAY}T00:00:00+08:00`) + 86_400_000, Date.now());
    const from = to - 7 * 86_400_000;
    const session = await signIn('demo-district');
    const input = encodeURIComponent(JSON.stringify({ areaCode: '350102', from: new Date(from).toISOString(), to: new Date(to).toISOString() }));
    const res = await fetch(`${baseUrl()}/trpc/incident.timeline?input=${input}`, { headers: session.headers });
    expect(res.status).toBe(200);
    const tl = (await res.json()).result.data as Timeline;
    expect(tl.events.length).toBeGreaterThan(10);

    for (const at of ['250', '500', '900']) {
      await page.getByTestId('playback-slider').fill(at);
      const t = Number(await page.getByTestId('playback-time').getAttribute('data-t'));
      expect(t).toBeGreaterThan(from);
      expect(t).toBeLessThan(to);
      const expected = [...playbackStateAt(tl, t).values()].filter((c) => isLiveStatus(c.status)).length;
      const reported = tl.events.filter((e) => Date.parse(e.at) <= t && e.fromStatus === null).length;
      await expect.poll(() => figures.getAttribute('data-open'), { timeout: 10_000 }).toBe(String(expected));
      expect(await figures.getAttribute('data-reported')).toBe(String(reported));
    }
    // The feed shows the latest events up to the slider time, formatted in China time.
    expect(await page.getByTestId('playback-feed').textContent()).toMatch(/\d{1,2}\/\d{1,2} \d{2}:\d{2} FZ\d+/);
    await page.mouse.move(5, 995);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${OUT}/playback-desk.png`, timeout: 120_000 });

    // Play: the clock runs by itself.
    const before = Number(await page.getByTestId('playback-time').getAttribute('data-t'));
    await page.getByTestId('playback-play').click();
    await expect.poll(async () => Number(await page.getByTestId('playback-time').getAttribute('data-t')), { timeout: 10_000 }).toBeGreaterThan(before);
    await page.getByTestId('playback-play').click();
    // Closing it brings the live map back.
    await page.getByTestId('playback-close').click();
    expect(await page.getByTestId('playback-bar').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
