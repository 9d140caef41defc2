/**
 * One case round the closed loop in Chromium, as the people involved do it: a resident reports it on the
 * public 随手拍 form and gets a tracking number and link; the 东街 street sub-centre sees it arrive on its live
 * feed, accepts and dispatches it; the urban-management bureau's handler takes it and reports it done; the
 * street verifies and closes it; someone with the number alone follows it but cannot rate it; the resident
 * opens the receipt's link and rates it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { baseUrl, createTestContext, DEMO_PASSWORD } from '../helpers';

const OUT = 'tests/output';

let browser: Browser;
let t: Awaited<ReturnType<typeof createTestContext>>;
let address: string;
const problems: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  t = await createTestContext();
  address = (await t.pool.query(`SELECT address FROM buildings WHERE grid_code LIKE '350102004001%' ORDER BY id LIMIT 1`)).rows[0].address;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.pool.end();
});

/** A fresh browser session (its own cookies), watched for page errors and CSP refusals. */
async function session(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  return page;
}

async function signIn(page: Page, username: string, path: string) {
  await page.goto(`${baseUrl()}/`);
  await page.getByTestId('login-form').waitFor({ timeout: 60_000 });
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor({ timeout: 60_000 });
  await page.goto(`${baseUrl()}${path}`);
}

/** Take the action on the open case drawer (with the text it needs) and wait for the new status. */
async function act(page: Page, action: string, status: string, text?: string) {
  await page.locator(`[data-testid=case-actions] [data-action=${action}]`).click();
  if (text !== undefined) {
    await page.getByTestId('act-text').fill(text);
  }
  if (text !== undefined || action === 'dispatch') await page.getByTestId('act-submit').click();
  await expect.poll(() => page.getByTestId('case-status').getAttribute('data-status'), { timeout: 20_000 }).toBe(status);
}

describe('one case from the public form to the rating', { timeout: 300_000 }, () => {
  it('goes round the closed loop across the resident, the street sub-centre and the department', async () => {
    // The street sub-centre is watching its live feed.
    const street = await session();
    await signIn(street, 'demo-street', '/?area=350102004');
    await street.getByTestId('live-state').and(street.locator('[data-state=live]')).waitFor({ timeout: 60_000 });

    // A resident reports exposed garbage by address.
    const resident = await session();
    await resident.goto(`${baseUrl()}/?view=report`);
    await resident.getByTestId('report-type').selectOption('SJ0101');
    await resident.getByTestId('report-description').fill('路边垃圾堆放多日，气味很大（浏览器测试）');
    await resident.getByTestId('report-address').fill(address);
    await resident.getByTestId('report-submit').click();
    const trackingNo = (await resident.getByTestId('report-tracking-no').textContent({ timeout: 30_000 }))!.trim().match(/R[0-9A-Z]{10}/)![0];
    const trackingLink = (await resident.getByTestId('report-tracking-link').getAttribute('href'))!;
    expect(trackingLink).toMatch(new RegExp(`^\\?view=track&no=${trackingNo}&token=[A-Za-z0-9_-]{32}$`));
    await resident.screenshot({ path: `${OUT}/case-flow-1-reported.png` });
    const { rows } = await t.pool.query(`SELECT i.id, i.case_no FROM incident_reporters r JOIN incidents i ON i.id = r.incident_id WHERE r.tracking_no = $1`, [trackingNo]);
    const { id, case_no: caseNo } = rows[0];

    // It arrives on the street's feed; the operator opens it from there, accepts and dispatches it.
    const item = street.locator(`[data-testid=case-feed] button[data-case="${id}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await expect.poll(() => street.getByTestId('case-no').textContent(), { timeout: 20_000 }).toContain(caseNo);
    expect(await street.getByTestId('case-status').getAttribute('data-status')).toBe('reported');
    await act(street, 'accept', 'registered');
    await act(street, 'dispatch', 'dispatched');
    await street.screenshot({ path: `${OUT}/case-flow-2-dispatched.png` });

    // The bureau's handler takes it and reports it done.
    const dept = await session();
    await signIn(dept, 'demo-dept', `/?case=${id}`);
    await dept.getByTestId('case-drawer').waitFor({ timeout: 30_000 });
    await expect.poll(() => dept.getByTestId('case-status').getAttribute('data-status'), { timeout: 20_000 }).toBe('dispatched');
    await act(dept, 'take', 'handling');
    await act(dept, 'report', 'verifying', '已清运，现场已冲洗');

    // The street verifies (its drawer follows the change live) and closes it.
    await expect.poll(() => street.getByTestId('case-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('verifying');
    await act(street, 'verify_pass', 'closed');
    const timeline = await street.getByTestId('case-timeline').textContent();
    expect(timeline).toContain('demo-dept');
    await street.screenshot({ path: `${OUT}/case-flow-3-closed.png` });

    // Someone with the number alone (Open311 lists it) follows it, but may not rate it.
    const stranger = await session();
    await stranger.goto(`${baseUrl()}/?view=track&no=${trackingNo}`);
    await expect.poll(() => stranger.getByTestId('track-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('closed');
    await stranger.getByTestId('track-rate-needs-link').waitFor({ timeout: 10_000 });
    expect(await stranger.getByTestId('track-rate').count()).toBe(0);

    // The resident opens the receipt's link: sees it closed, with the handling note, and rates it.
    await resident.goto(`${baseUrl()}/${trackingLink}`);
    await expect.poll(() => resident.getByTestId('track-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('closed');
    expect(await resident.getByTestId('track-steps').textContent()).toContain('已清运，现场已冲洗');
    await resident.getByTestId('track-rate-5').click();
    await resident.getByTestId('track-rate-comment').fill('处理及时，谢谢');
    await resident.getByTestId('track-rate-submit').click();
    await expect.poll(() => resident.getByTestId('track-rating').textContent(), { timeout: 20_000 }).toMatch(/5/);
    await resident.screenshot({ path: `${OUT}/case-flow-4-rated.png` });

    const events = await t.pool.query(`SELECT action, actor FROM incident_events WHERE incident_id = $1 ORDER BY id`, [id]);
    expect(events.rows.map((e) => e.action)).toEqual(['intake', 'accept', 'dispatch', 'take', 'report', 'verify_pass', 'rate']);
    expect(events.rows.map((e) => e.actor)).toEqual(['snapshot', 'demo-street', 'demo-street', 'demo-dept', 'demo-dept', 'demo-street', 'reporter']);
    expect(problems).toEqual([]);
  });
});
