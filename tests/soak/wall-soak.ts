/**
 * `npm run soak -- --minutes 30`: does the command-centre wall run for hours without leaking? Starts the whole
 * product in-process (the embedded database in memory with the test city, or DATABASE_URL's database as it
 * is) with the live simulators on, so cases and sensor data keep flowing; signs in as demo-admin, creates a
 * display of 鼓楼区 with short dwells so its tour cycles many times, and opens it in Chromium at 1920×1080.
 * Every interval (default one minute) it collects garbage through the DevTools protocol and records the JS
 * heap, DOM nodes, event listeners and documents, the scene on screen and the scenes seen so far; console
 * errors and uncaught exceptions are collected all along.
 *
 * The target: the heap at the end no more than 20 % above the heap at minute 5 (the first sample from minute
 * 5 on; a run shorter than that compares with its first sample). The result goes to the console and into the
 * "## Wall soak" section of BENCHMARKS.md (replaced on each run; `--no-write` skips it). Exit code 1 when the
 * target is missed or the page logged errors.
 *
 * Options: --minutes N (30), --interval-s S (60), --dwell-s S (20, each scene), --area-dwell-s S (10, each
 * sub-area of the `areas` scene), --area CODE (350102), --scale X (0.2, embedded database only), --no-write.
 * Not part of `npm test` (vitest runs tests/**\/*.test.ts only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { inferRouterOutputs } from '@trpc/server';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { loadEnv } from '../../api/env';
import { createApp, type App } from '../../api/app';
import { buildDashboardIfStale, DIST } from '../../api/build-web';
import type { AppRouter } from '../../api/root';
import { ensureSeeded } from '../../seed/prepare';
import { signIn } from '../bench/session';
import { launchChromium } from '../browser/chromium';
import { TEST_SCALE, TEST_SEED } from '../test-city';
import { AREA_CODE_PATTERN } from '../../tiles/domain/places';
import { WALL_DWELL_MAX_S, WALL_DWELL_MIN_S, WALL_SCENES, type WallScene } from '../../tiles/domain/wall';
import { formatMinute, reportSection, reportText, SECTION_TITLE, heapVerdict, withSection, type PageProblem, type Sample, type SoakReport } from './report';

const BENCHMARKS = 'BENCHMARKS.md';
const VIEWPORT = { width: 1920, height: 1080 };
/** How often the scene on screen is read between samples, to count the scenes seen. */
const SCENE_POLL_MS = 2000;
/** The wall's first start: its scripts, maplibre in software WebGL, the first figures. */
const WALL_TIMEOUT_MS = 180_000;

type Outputs = inferRouterOutputs<AppRouter>;
type CreatedDisplay = Outputs['admin']['createDisplay'];
type Session = Awaited<ReturnType<typeof signIn>>;

interface SoakOptions {
  minutes: number;
  intervalS: number;
  dwellS: number;
  areaDwellS: number;
  area: string;
  scale: number;
  write: boolean;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`soak: --${name} must be a positive number, not ${JSON.stringify(value)}`);
  return n;
}

function dwell(name: string, value: string | undefined, fallback: number): number {
  const n = Math.round(positive(name, value, fallback));
  if (n < WALL_DWELL_MIN_S || n > WALL_DWELL_MAX_S) throw new Error(`soak: --${name} must be ${WALL_DWELL_MIN_S}–${WALL_DWELL_MAX_S} seconds, not ${n}`);
  return n;
}

function parseOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string' },
      'interval-s': { type: 'string' },
      'dwell-s': { type: 'string' },
      'area-dwell-s': { type: 'string' },
      area: { type: 'string' },
      scale: { type: 'string' },
      'no-write': { type: 'boolean' },
    },
    strict: true,
  });
  const area = values.area ?? '350102';
  if (!AREA_CODE_PATTERN.test(area) || area.length > 12) throw new Error(`soak: --area must be an area code of 4, 6, 9 or 12 digits, not ${area}`);
  return {
    minutes: positive('minutes', values.minutes, 30),
    intervalS: positive('interval-s', values['interval-s'], 60),
    dwellS: dwell('dwell-s', values['dwell-s'], 20),
    areaDwellS: dwell('area-dwell-s', values['area-dwell-s'], 10),
    area,
    scale: positive('scale', values.scale, TEST_SCALE),
    write: !values['no-write'],
  };
}

const log = (m: string) => console.log(`[soak] ${m}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * The product as `npm start` runs it, in this process, on a free port: the embedded database in memory
 * (seeded with the test city) unless DATABASE_URL names one (seeded only if empty), with the simulators on.
 */
async function startProduct(options: SoakOptions): Promise<{ app: App; base: string; database: string }> {
  const external = Boolean(process.env.DATABASE_URL);
  const env = loadEnv({
    ...process.env,
    DATA_DIR: external ? process.env.DATA_DIR : 'memory://',
    PORT: '0',
    LOG_LEVEL: 'error',
    SIMULATOR: 'on',
    LOGIN_RATE_LIMIT: '100000',
    PUBLIC_RATE_LIMIT: '100000',
  });
  await buildDashboardIfStale(log);
  const seed = external ? { seed: env.SEED, scale: env.SEED_SCALE } : { seed: TEST_SEED, scale: options.scale };
  const app = await createApp(env, {
    staticDir: DIST,
    log,
    seed: async (pool) => void (await ensureSeeded(pool, { ...seed, onProgress: log })),
  });
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as { port: number };
  const { databaseKind, seed: city } = app.context;
  const database = `${databaseKind === 'embedded' ? 'embedded PGlite + PostGIS (in memory)' : 'PostgreSQL + PostGIS'}, seed ${city.seed}, scale ${city.scale}`;
  return { app, base: `http://127.0.0.1:${port}`, database };
}

/** A tRPC mutation over HTTP with the session's cookies and CSRF header, as the dashboard sends it. */
async function mutate<T>(base: string, session: Session, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { ...session.headers, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`soak: ${path} answered ${res.status}: ${JSON.stringify(body.error ?? body)}`);
  return body.result.data;
}

/** Every scene, short dwells: the tour comes round many times during the run. */
function soakScenes(options: SoakOptions): WallScene[] {
  return WALL_SCENES.map((kind) => ({ kind, dwellS: kind === 'areas' ? options.areaDwellS : options.dwellS }));
}

async function createDisplay(base: string, options: SoakOptions): Promise<CreatedDisplay> {
  const admin = await signIn(base, 'demo-admin');
  return mutate<CreatedDisplay>(base, admin, 'admin.createDisplay', {
    name: `Soak ${new Date().toISOString().slice(0, 16)}`,
    areaCode: options.area,
    scenes: soakScenes(options),
  });
}

/** Console errors, uncaught exceptions and crashes of the page, with when they happened. */
function watchProblems(page: Page, startedAt: () => number): PageProblem[] {
  const problems: PageProblem[] = [];
  const add = (text: string) => problems.push({ atS: (Date.now() - startedAt()) / 1000, text });
  page.on('console', (m) => {
    // A failed request's message names no URL; its location does (a display token in it is cut).
    const where = m.location().url.replace(/token=[^&]*/, 'token=…');
    if (m.type() === 'error') add(`console: ${m.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (e) => add(`pageerror: ${e.message}`));
  page.on('crash', () => add('crash: the page crashed'));
  return problems;
}

interface WallState {
  scene: string | null;
  connected: boolean;
  alert: boolean;
}

async function wallState(page: Page): Promise<WallState> {
  return page.evaluate(() => {
    const wall = document.querySelector('[data-testid=wall]');
    const health = document.querySelector('[data-testid=wall-health]');
    return {
      scene: wall?.getAttribute('data-scene') ?? null,
      connected: health?.getAttribute('data-connected') === 'yes',
      alert: Boolean(wall?.getAttribute('data-alert')),
    };
  });
}

/** Garbage collected first, so the heap is what the page keeps, not what it has yet to free. */
async function measure(cdp: CDPSession): Promise<Pick<Sample, 'heapMb' | 'nodes' | 'listeners' | 'documents'>> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => {
    const m = metrics.find((x) => x.name === name);
    if (!m) throw new Error(`soak: Performance.getMetrics has no ${name}`);
    return m.value;
  };
  return { heapMb: value('JSHeapUsedSize') / 2 ** 20, nodes: value('Nodes'), listeners: value('JSEventListeners'), documents: value('Documents') };
}

/** Reads the scene every few seconds until `deadline`, adding each one seen. */
async function watchScenes(page: Page, deadline: number, seen: Set<string>): Promise<void> {
  while (Date.now() < deadline) {
    await sleep(Math.min(SCENE_POLL_MS, deadline - Date.now()));
    const { scene } = await wallState(page);
    if (scene) seen.add(scene);
  }
}

async function soak(page: Page, cdp: CDPSession, options: SoakOptions, startedAt: number): Promise<{ samples: Sample[]; seen: Set<string> }> {
  const samples: Sample[] = [];
  const seen = new Set<string>();
  const count = Math.max(1, Math.floor((options.minutes * 60) / options.intervalS));
  for (let k = 1; k <= count; k++) {
    await watchScenes(page, startedAt + k * options.intervalS * 1000, seen);
    const state = await wallState(page);
    if (state.scene) seen.add(state.scene);
    const sample: Sample = {
      elapsedS: k * options.intervalS,
      ...(await measure(cdp)),
      scene: state.scene ?? '(no wall)',
      scenesSeen: seen.size,
      connected: state.connected,
      alert: state.alert,
    };
    samples.push(sample);
    log(`${formatMinute(sample.elapsedS)} min: heap ${sample.heapMb.toFixed(1)} MB, ${sample.nodes} nodes, ${sample.listeners} listeners, ${sample.documents} documents, scene ${sample.scene}, ${sample.scenesSeen} scenes seen`);
  }
  return { samples, seen };
}

function machine(browserVersion: string): string {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus.length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium ${browserVersion} (headless, software WebGL)`;
}

async function openWall(browser: Browser, url: string): Promise<{ page: Page; cdp: CDPSession; problems: PageProblem[]; startedAt: () => number }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  let startedAt = Date.now();
  const problems = watchProblems(page, () => startedAt);
  await page.goto(url);
  await page.locator('[data-testid=wall]').waitFor({ timeout: WALL_TIMEOUT_MS });
  startedAt = Date.now();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.enable');
  return { page, cdp, problems, startedAt: () => startedAt };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  log(`${options.minutes} min, a sample every ${options.intervalS} s${options.write ? '' : ', BENCHMARKS.md left as it is'}`);
  const { app, base, database } = await startProduct(options);
  let browser: Browser | undefined;
  try {
    log(`ready: ${database}, ${base}`);
    const display = await createDisplay(base, options);
    log(`display ${display.id} of ${options.area}: ${display.url.replace(/token=.*/, 'token=…')}`);
    browser = await launchChromium();
    const wall = await openWall(browser, `${base}${display.url}`);
    log('the wall is up; soaking');
    const { samples, seen } = await soak(wall.page, wall.cdp, options, wall.startedAt());
    const report: SoakReport = {
      startedAt, machine: machine(browser.version()), database, minutes: options.minutes, intervalS: options.intervalS, area: options.area,
      tour: soakScenes(options), viewport: VIEWPORT, samples, seen, problems: wall.problems,
    };
    console.log(`\n${reportText(report)}`);
    if (options.write) {
      const before = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : '# Benchmarks\n';
      writeFileSync(BENCHMARKS, withSection(before, reportSection(report)));
      log(`wrote the "${SECTION_TITLE.slice(3)}" section of ${BENCHMARKS}`);
    }
    return heapVerdict(samples).met && wall.problems.length === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await app.close();
  }
}

process.exitCode = await main();
