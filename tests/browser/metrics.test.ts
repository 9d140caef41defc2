/**
 * The leaders' metrics screen (考核评价) in Chromium, as a district leader uses it: signs in and lands on the
 * figures, picks last month, sorts the ranking of the streets, drills into one (the address follows, the back
 * button returns), clicks a count and gets exactly those cases, downloads the Excel export, and prints the
 * monthly briefing. Screenshots: tests/output/metrics-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, DEMO_PASSWORD } from '../helpers';
import { chinaToday, presetPeriod } from '../../web/src/metrics/period';

const OUT = 'tests/output';
/** A month of the test city's history (it ends on 2026-11-20), for when "last month" by the clock has none. */
const SEEDED_MONTH = { from: '2026-11-01', to: '2026-11-30' };

let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
});
afterAll(async () => {
  await browser?.close();
});

const param = (name: string) => new URL(page.url()).searchParams.get(name);

/** The ranking's values of one KPI, top to bottom (empty for no data). */
async function column(kpi: string): Promise<(number | null)[]> {
  return page.locator(`[data-testid=ranking] tbody td[data-kpi=${kpi}]`).evaluateAll((cells) =>
    cells.map((c) => {
      const v = c.getAttribute('data-value');
      return v === '' || v === null ? null : Number(v);
    }),
  );
}

/** Clicks a count and waits for the case list: its total must be that count. */
async function listCasesOf(selector: string): Promise<{ count: number; total: number }> {
  const button = page.locator(selector).first();
  const count = Number(await button.getAttribute('data-count'));
  await button.click();
  const total = page.getByTestId('metric-cases-total');
  await expect.poll(() => total.getAttribute('data-total'), { timeout: 30_000 }).not.toBe('');
  await page.locator('[data-testid=metric-cases] button[data-case]').first().waitFor({ timeout: 30_000 });
  return { count, total: Number(await total.getAttribute('data-total')) };
}

describe('the metrics screen in Chromium', { timeout: 300_000 }, () => {
  it('lands a leader on the figures of their district, with the period in the address', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
    await page.locator('input[name=username]').fill('demo-leader');
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('metrics-screen').waitFor({ timeout: 60_000 });
    await expect.poll(() => param('from'), { timeout: 30_000 }).not.toBeNull();
    expect(param('view')).toBe('metrics');
    expect(param('area')).toBe('350102');
    await expect.poll(() => page.getByTestId('metrics-area').textContent(), { timeout: 30_000 }).toBe('鼓楼区');
    await expect.poll(() => page.getByTestId('view-metrics').getAttribute('aria-current'), { timeout: 10_000 }).toBe('page');
  });

  it('shows last month: KPI cards with changes and formulas, the ranking of the streets and the map', async () => {
    await page.getByTestId('period-thisMonth').click();
    await page.getByTestId('period-lastMonth').click();
    const lastMonth = presetPeriod('lastMonth', chinaToday(Date.now()));
    expect({ from: param('from'), to: param('to') }).toEqual(lastMonth);
    expect(await page.getByTestId('period-lastMonth').getAttribute('aria-pressed')).toBe('true');
    // The test city's history ends on 2026-11-20: a clock far past it has no cases last month; use its month.
    const reported = page.getByTestId('kpi-count-reported');
    await Promise.race([reported.waitFor({ timeout: 30_000 }), page.getByTestId('kpi-value-reported').waitFor({ timeout: 30_000 })]);
    if (!(await reported.isVisible())) {
      await page.goto(`${baseUrl()}/?view=metrics&area=350102&from=${SEEDED_MONTH.from}&to=${SEEDED_MONTH.to}&kpi=onTimeCloseRate`);
      await reported.waitFor({ timeout: 60_000 });
    }
    const card = page.getByTestId('kpi-onTimeCloseRate');
    expect(await card.getAttribute('title')).toContain('按期结案数');
    await expect.poll(() => card.locator('.kpi-value').textContent(), { timeout: 10_000 }).toMatch(/%|—/);
    await expect.poll(() => card.locator('.change').count(), { timeout: 10_000 }).toBe(2);
    // The formula also behind the ⓘ (touch screens have no hover).
    await card.getByTestId('formula-info').click();
    await expect.poll(() => card.locator('[role=tooltip]').textContent(), { timeout: 10_000 }).toContain('按期结案数');
    await page.keyboard.press('Escape');
    await expect.poll(() => card.locator('[role=tooltip]').count(), { timeout: 10_000 }).toBe(0);

    const rows = page.locator('[data-testid=ranking] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(5);
    expect(await rows.evaluateAll((trs) => trs.every((tr) => (tr.getAttribute('data-code') ?? '').startsWith('350102')))).toBe(true);
    // Ranked by the chosen KPI, best first.
    const rates = (await column('onTimeCloseRate')).filter((v): v is number => v !== null);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    await page.waitForTimeout(6000); // the map's tiles, choropleth and heat
    await page.screenshot({ path: `${OUT}/metrics-1-district.png` });
  });

  it('sorts the ranking by any column, by click and by keyboard', async () => {
    const header = page.getByTestId('ranking-sort-reported');
    await header.click();
    const down = await column('reported');
    expect(down).toEqual([...down].sort((a, b) => (b ?? -1) - (a ?? -1)));
    expect(await page.locator('th:has([data-testid=ranking-sort-reported])').getAttribute('aria-sort')).toBe('descending');
    await header.focus();
    await page.keyboard.press('Enter');
    const up = await column('reported');
    expect(up).toEqual([...up].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)));
    expect(await page.locator('th:has([data-testid=ranking-sort-reported])').getAttribute('aria-sort')).toBe('ascending');
    await header.click();
  });

  it('drills into a street from the ranking, and the back button returns to the district', async () => {
    const first = page.locator('[data-testid=ranking] tbody tr').first();
    const code = (await first.getAttribute('data-code'))!;
    const name = (await first.locator('th').textContent())!.trim();
    await page.getByTestId(`ranking-name-${code}`).click();
    await expect.poll(() => param('area'), { timeout: 30_000 }).toBe(code);
    await expect.poll(() => page.getByTestId('metrics-area').textContent(), { timeout: 30_000 }).toBe(name);
    await expect.poll(() => page.getByTestId('breadcrumb').textContent(), { timeout: 10_000 }).toContain(name);
    // Its communities are ranked now.
    await expect
      .poll(() => page.locator('[data-testid=ranking] tbody tr').evaluateAll((trs, prefix) => trs.length > 0 && trs.every((tr) => (tr.getAttribute('data-code') ?? '').startsWith(prefix)), code), { timeout: 30_000 })
      .toBe(true);
    expect(param('from')).not.toBeNull();
    await page.waitForTimeout(6000);
    await page.screenshot({ path: `${OUT}/metrics-2-street.png` });

    await page.goBack();
    await expect.poll(() => param('area'), { timeout: 30_000 }).toBe('350102');
    await expect.poll(() => page.getByTestId('metrics-area').textContent(), { timeout: 30_000 }).toBe('鼓楼区');
    await page.goForward();
    await expect.poll(() => param('area'), { timeout: 30_000 }).toBe(code);
    await expect.poll(() => page.getByTestId('metrics-area').textContent(), { timeout: 30_000 }).toBe(name);
  });

  it('lists exactly the cases behind a count: a ranking cell, a unit’s count and a KPI card', async () => {
    await page.locator('[data-testid^=ranking-count-]').first().waitFor({ timeout: 30_000 });
    const cell = await listCasesOf('[data-testid^=ranking-count-]');
    expect(cell.total).toBe(cell.count);
    await page.getByTestId('metric-cases-close').click();

    await page.locator('[data-testid^=departments-count-]').first().waitFor({ timeout: 30_000 });
    const unit = await listCasesOf('[data-testid^=departments-count-]');
    expect(unit.total).toBe(unit.count);
    await page.getByTestId('metric-cases-close').click();

    const card = await listCasesOf('[data-testid=kpi-count-closed]');
    expect(card.count).toBeGreaterThan(0);
    expect(card.total).toBe(card.count);
    const listed = await page.locator('[data-testid=metric-cases] tbody tr').count();
    expect(listed).toBe(Math.min(20, card.count));
    // Report times in China time.
    expect(await page.locator('[data-testid=metric-cases] td.when').first().textContent()).toMatch(/2026年\d+月\d+日 \d\d:\d\d/);
    await page.screenshot({ path: `${OUT}/metrics-3-cases.png` });

    // A case opens the case drawer, and Esc goes back to the list.
    const caseId = await page.locator('[data-testid=metric-cases] button[data-case]').first().getAttribute('data-case');
    await page.locator('[data-testid=metric-cases] button[data-case]').first().click();
    await expect.poll(() => param('case'), { timeout: 10_000 }).toBe(caseId);
    await page.getByTestId('case-drawer').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await expect.poll(() => param('case'), { timeout: 10_000 }).toBeNull();
    await page.getByTestId('metric-cases').waitFor();
    await page.getByTestId('metric-cases-close').click();
  });

  it('exports the figures as an Excel workbook', async () => {
    const href = await page.getByTestId('export-xlsx').getAttribute('href');
    expect(href).toMatch(/^\/api\/exports\/metrics\.xlsx\?areaCode=\d+&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$/);
    const answer = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), zip: bytes[0] === 0x50 && bytes[1] === 0x4b };
    }, href!);
    expect(answer).toEqual({ status: 200, type: expect.stringContaining('spreadsheetml.sheet'), zip: true });
  });

  it('goes back up with the breadcrumb, and prints the district as an A4 briefing: title with area and period, no controls', async () => {
    await page.getByTestId('breadcrumb').getByRole('button', { name: '鼓楼区' }).click();
    await expect.poll(() => param('area'), { timeout: 30_000 }).toBe('350102');
    await expect.poll(() => page.getByTestId('metrics-area').textContent(), { timeout: 30_000 }).toBe('鼓楼区');
    await page.locator('[data-testid=ranking] tbody tr[data-code^="350102"]').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(4000);
    await page.emulateMedia({ media: 'print' });
    try {
      await expect.poll(() => page.getByTestId('metrics-screen').getAttribute('class'), { timeout: 15_000 }).toContain('printing');
      await page.waitForTimeout(2000); // the charts redrawn at the paper's width
      expect(await page.locator('.brief-head').isVisible()).toBe(true);
      expect(await page.locator('.brief-head h1').textContent()).toContain('鼓楼区');
      expect(await page.locator('.brief-head').textContent()).toContain(param('from'));
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      expect(await page.getByTestId('print').isVisible()).toBe(false);
      expect(await page.getByTestId('period-picker').isVisible()).toBe(false);
      await page.screenshot({ path: `${OUT}/metrics-print.png`, fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    await expect.poll(() => page.getByTestId('metrics-screen').getAttribute('class'), { timeout: 15_000 }).not.toContain('printing');
  });

  it('switches to the map and back on the same area, and speaks English', async () => {
    const area = param('area');
    await page.getByTestId('view-map').click();
    await expect.poll(() => param('view'), { timeout: 10_000 }).toBe('map');
    expect(param('area')).toBe(area);
    await page.getByTestId('area-name').waitFor({ timeout: 60_000 });
    await page.getByTestId('view-metrics').click();
    await expect.poll(() => param('view'), { timeout: 10_000 }).toBe('metrics');
    expect(param('area')).toBe(area);
    await page.getByTestId('lang').click();
    await expect.poll(() => page.getByTestId('view-metrics').textContent(), { timeout: 10_000 }).toBe('Metrics');
    await expect.poll(() => page.getByTestId('period-lastMonth').textContent(), { timeout: 10_000 }).toBe('Last month');
    expect(problems).toEqual([]);
  });
});
