/**
 * The command-centre wall, server side: wall displays (admin.createDisplay … revokeDisplay), a display's
 * token exchanged for a session over HTTP (auth.displayLogin), what a display may see (its area, no personal
 * data) and may not do, wall.config, and time playback's data (incident.timeline) checked against the event
 * log — the state of every case at a time, derived by the dashboard's own function, equals SQL's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ZodError } from 'zod';
import { TRPCError } from '@trpc/server';
import { anonymousSession, baseUrl, createTestContext, openSse, type HttpSession } from '../helpers';
import { displayLogin, displaySignIn, tokenOf } from './display-session';
import { hashPassword } from '../../api/auth/passwords';
import { DISPLAY_SESSION_DAYS, newToken } from '../../api/auth/session';
import { DISPLAY_REFUSED, LOGIN_REFUSED, setLoginRateLimit } from '../../api/routers/auth';
import { LIVE_BATCH_CHECK_MS } from '../../api/routers/incident';
import { submitReport } from '../../api/cases/intake';
import { invalidInput } from '../../api/trpc';
import { DEFAULT_WALL_SCENES, TIMELINE_MAX_DAYS, WALL_TAKEOVER_S } from '../../tiles/domain/wall';
import { FINAL_STATUSES } from '../../tiles/domain/cases';
import { playbackStateAt } from '../../web/src/playback/state';

/** Sign-in limits are counted in the database: client addresses of this run's own (a re-run within 10 minutes starts afresh). */
const RUN_NET = `10.${Date.now() % 250}.${Math.floor(Math.random() * 250)}`;

/** 华大街道, a street of 鼓楼区 no other suite works in; 水部街道 next to it. */
const STREET = '350102007';
const SIBLING = '350102008';
const PASSWORD = 'wall-test-pass-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: Awaited<ReturnType<typeof createTestContext>>;
/** A point in the street's first grid. */
let point: [number, number];

beforeAll(async () => {
  t = await createTestContext();
  const hash = await hashPassword(PASSWORD);
  // A street operator of 华大街道 and an administrator of 鼓楼区 only, of the test's own.
  for (const [username, role, scope] of [['wall-street', 'street_operator', STREET], ['wall-admin-gl', 'admin', '350102']]) {
    await t.pool.query(
      `INSERT INTO accounts (username, display_name, role, scope_code, password_hash) VALUES ($1, $1, $2, $3, $4)
       ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role, scope_code = EXCLUDED.scope_code, password_hash = EXCLUDED.password_hash, disabled = false`,
      [username, role, scope, hash],
    );
  }
  const { rows } = await t.pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE level = 'grid' AND code LIKE $1 || '%' ORDER BY code LIMIT 1) s`,
    [STREET],
  );
  point = [rows[0].lng, rows[0].lat];
});
afterAll(async () => {
  await t.pool.end();
});

/** An answer of tRPC over HTTP: its status, and its data or its error. */
interface Answer {
  status: number;
  data?: Record<string, unknown>;
  error?: { message: string; data: { code: string } };
}

/** A tRPC query over HTTP with a session's cookies: the status and the parsed answer. */
async function get(session: HttpSession, path: string, input?: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl()}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers: session.headers });
  const body = await res.json();
  return { status: res.status, data: body.result?.data, error: body.error };
}

/** A tRPC mutation over HTTP with a session's cookies and CSRF header. */
async function post(session: HttpSession, path: string, input: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl()}/trpc/${path}`, { method: 'POST', headers: { ...session.headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = await res.json();
  return { status: res.status, data: body.result?.data, error: body.error };
}

/** A resident's report (with a name, a phone and a description) in the street, as a case id. */
async function residentCase(label: string): Promise<number> {
  const r = await submitReport(t.ctx, { typeCode: 'SJ0101', description: `wall ${label} 门口堆放垃圾`, lng: point[0], lat: point[1], name: '王五', phone: '13900003333' }, 'snapshot');
  return (await t.pool.query<{ id: number }>('SELECT id FROM incidents WHERE case_no = $1', [r.caseNo])).rows[0].id;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** 'ok', or `CODE: message` of the refusal, with invalid input worded as HTTP clients get it ("invalid input: field: …"). */
async function refusalOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return `${err.code}: ${err.cause instanceof ZodError ? invalidInput(err.cause) : err.message}`;
  }
}

describe('wall displays', () => {
  it('an administrator makes a display; its URL signs the screen in for 30 days; it sees its area and no personal data', async () => {
    const made = await t.caller.admin.createDisplay({
      name: '华大街道 主屏', areaCode: STREET, scenes: [{ kind: 'overview', dwellS: 20 }, { kind: 'live', dwellS: 15 }], fit: 'stretch', takeoverS: 45,
    });
    expect(made.url).toMatch(/^\/wall\?token=[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(made.url);
    // Stored: the token's hash only; the account is a display of the street with no usable password.
    const { rows: [stored] } = await t.pool.query<{ token_hash: Buffer; username: string; role: string; scope_code: string; password_hash: string; created_by: number }>(
      `SELECT d.token_hash, d.created_by, a.username, a.role, a.scope_code, a.password_hash FROM displays d JOIN accounts a ON a.id = d.account_id WHERE d.id = $1`,
      [made.id],
    );
    expect(stored.token_hash.equals(sha256(token))).toBe(true);
    expect(stored).toMatchObject({ username: `display-${made.id}`, role: 'display', scope_code: STREET, created_by: t.ctx.user!.id });
    expect(stored.password_hash).not.toMatch(/^scrypt\$/);

    // The token exchanged for a session over HTTP, as the wall page does (with the CSRF header).
    const before = Date.now();
    const { res, body, session } = await displayLogin(token);
    expect(res.status, JSON.stringify(body)).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cb_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie!)![1]);
    expect(Math.abs(expires - (before + DISPLAY_SESSION_DAYS * 86_400_000))).toBeLessThan(120_000);
    expect((body as { result: { data: unknown } }).result.data).toMatchObject({ displayId: made.id, name: '华大街道 主屏', role: 'display', scopeCode: STREET });

    // wall.config: the display's own area, tour, fit and alert time.
    const config = await get(session, 'wall.config');
    expect(config.status).toBe(200);
    expect(config.data).toEqual({
      displayId: made.id, name: '华大街道 主屏', areaCode: STREET, areaName: expect.any(String),
      scenes: [{ kind: 'overview', dwellS: 20 }, { kind: 'live', dwellS: 15 }], fit: 'stretch', takeoverS: 45,
    });
    expect(config.data?.areaName).not.toBe(STREET);
    const seen = await t.pool.query<{ last_seen_at: Date | null }>('SELECT last_seen_at FROM displays WHERE id = $1', [made.id]);
    expect(seen.rows[0].last_seen_at).not.toBeNull();
    const audit = await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.displayLogin' AND target_id = $1`, [String(made.id)]);
    expect(audit.rows[0].n).toBe(1);

    // It reads its area (and what the wall shows) …
    expect((await get(session, 'area.get', { code: STREET })).status).toBe(200);
    expect((await get(session, 'incident.list', { areaCode: STREET, limit: 5 })).status).toBe(200);
    expect((await get(session, 'alarm.list', { areaCode: STREET })).status).toBe(200);
    // … nothing outside it, no residents, no audit log, no administration, and it changes nothing.
    expect((await get(session, 'area.get', { code: SIBLING })).error?.data.code).toBe('FORBIDDEN');
    expect((await get(session, 'residents.list', { areaCode: STREET })).error?.data.code).toBe('FORBIDDEN');
    expect((await get(session, 'audit.list', {})).error?.data.code).toBe('FORBIDDEN');
    expect((await get(session, 'admin.displays')).error?.data.code).toBe('FORBIDDEN');
    expect((await post(session, 'admin.createDisplay', { name: 'x', areaCode: STREET })).error?.data.code).toBe('FORBIDDEN');
    const caseId = await residentCase('display-privacy');
    const version = (await t.pool.query<{ version: number }>('SELECT version FROM incidents WHERE id = $1', [caseId])).rows[0].version;
    expect((await post(session, 'incident.act', { id: caseId, version, action: 'accept' })).error?.data.code).toBe('FORBIDDEN');
    // A case without what the resident wrote or sent; the case's photos refused.
    const card = await get(session, 'incident.byId', { id: caseId });
    expect(card.status).toBe(200);
    expect(card.data).toMatchObject({ description: null, reporters: [], photos: [] });
    expect(JSON.stringify(card.data)).not.toMatch(/王五|王\*|13900003333|门口堆放垃圾/);
    const photo = await fetch(`${baseUrl()}/api/photos/1`, { headers: session.headers });
    expect(photo.status).toBe(403);

    // No password signs a display in: the answer is a wrong password's, and nothing crashes.
    const anon = await anonymousSession();
    for (const password of ['anything-at-all-1', '!display: signs in with its token, never a password', 'x']) {
      const r = await post(anon, 'auth.login', { username: `display-${made.id}`, password });
      expect(r.status).toBe(401);
      expect(r.error?.message).toBe(LOGIN_REFUSED);
    }
    const wrong = await post(anon, 'auth.login', { username: 'wall-street', password: 'not-the-password-1' });
    expect(wrong.status).toBe(401);
    expect(wrong.error?.message).toBe(LOGIN_REFUSED);
  });

  it('a revoked display is signed out at once: calls are refused, its stream ends, its token is refused like an unknown one', async () => {
    const made = await t.caller.admin.createDisplay({ name: '华大街道 副屏', areaCode: STREET });
    const token = tokenOf(made.url);
    const session = await displaySignIn(token);
    expect((await get(session, 'wall.config')).data).toMatchObject({ displayId: made.id, scenes: DEFAULT_WALL_SCENES, fit: 'letterbox', takeoverS: WALL_TAKEOVER_S });
    const stream = await openSse(baseUrl(), session, 'incident.live', { areaCode: STREET });
    expect((await stream.next()).data).toMatchObject({ kind: 'ready', areaCode: STREET });

    expect(await t.caller.admin.revokeDisplay({ id: made.id })).toEqual({ ok: true });
    // Revoking again changes nothing.
    const first = (await t.pool.query<{ revoked_at: Date }>('SELECT revoked_at FROM displays WHERE id = $1', [made.id])).rows[0].revoked_at;
    expect(await t.caller.admin.revokeDisplay({ id: made.id })).toEqual({ ok: true });
    expect((await t.pool.query<{ revoked_at: Date }>('SELECT revoked_at FROM displays WHERE id = $1', [made.id])).rows[0].revoked_at).toEqual(first);
    const { rows: [account] } = await t.pool.query<{ disabled: boolean; sessions: number }>(
      `SELECT a.disabled, (SELECT count(*)::int FROM sessions s WHERE s.account_id = a.id) AS sessions FROM displays d JOIN accounts a ON a.id = d.account_id WHERE d.id = $1`,
      [made.id],
    );
    expect(account).toEqual({ disabled: true, sessions: 0 });

    // The same session: every call is UNAUTHORIZED.
    const config = await get(session, 'wall.config');
    expect(config.status).toBe(401);
    expect(config.error?.data.code).toBe('UNAUTHORIZED');
    expect((await get(session, 'area.get', { code: STREET })).status).toBe(401);
    // Its live stream sends no more changes: the next one ends it (the session is checked before a batch).
    await sleep(LIVE_BATCH_CHECK_MS + 300);
    await residentCase('after-revoke');
    const ev = await stream.next(10_000);
    expect(ev.event, JSON.stringify(ev.data)).toBe('serialized-error');
    expect(ev.data).toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    stream.close();

    // The token signs nothing in any more, with the answer an unknown token gets.
    const again = await displayLogin(token);
    const unknown = await displayLogin(newToken());
    const junk = await displayLogin('not a token at all');
    for (const r of [again, unknown, junk]) {
      expect(r.res.status).toBe(401);
      expect((r.body as { error: { message: string; data: { code: string } } }).error).toMatchObject({ message: DISPLAY_REFUSED, data: { code: 'UNAUTHORIZED' } });
      expect(r.res.headers.getSetCookie().some((c) => c.startsWith('cb_session='))).toBe(false);
    }
    // Too long or empty is malformed input, naming the field.
    expect((await displayLogin('x'.repeat(101))).res.status).toBe(400);
    expect(JSON.stringify((await displayLogin('')).body)).toMatch(/token/);

    // The list says when; a revoked display cannot be changed.
    const listed = (await t.caller.admin.displays()).find((d) => d.id === made.id)!;
    expect(listed.revokedAt).toEqual(first.toISOString());
    expect(await refusalOf(t.caller.admin.updateDisplay({ id: made.id, name: 'back again' }))).toMatch(/^BAD_REQUEST: id: .*revoked/);
  });

  it('renames and reconfigures; the list shows it and never a token', async () => {
    const made = await t.caller.admin.createDisplay({ name: '华大街道 三号屏', areaCode: STREET });
    const token = tokenOf(made.url);
    const session = await displaySignIn(token);
    const scenes = [{ kind: 'kpis' as const, dwellS: 60 }, { kind: 'areas' as const, dwellS: 8 }, { kind: 'sensing' as const, dwellS: 600 }];
    expect(await t.caller.admin.updateDisplay({ id: made.id, name: '华大街道 值班屏', scenes, fit: 'stretch', takeoverS: 10 })).toEqual({ ok: true });
    const list = await t.caller.admin.displays();
    const d = list.find((x) => x.id === made.id)!;
    expect(d).toMatchObject({ name: '华大街道 值班屏', areaCode: STREET, scenes, fit: 'stretch', takeoverS: 10, revokedAt: null });
    expect(typeof d.areaName).toBe('string');
    expect(Date.parse(d.createdAt)).not.toBeNaN();
    expect(Date.parse(d.lastSeenAt!)).not.toBeNaN();
    expect(Object.keys(d).sort()).toEqual(['areaCode', 'areaName', 'createdAt', 'fit', 'id', 'lastSeenAt', 'name', 'revokedAt', 'scenes', 'takeoverS']);
    const text = JSON.stringify(list);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/token/i);
    // Only the name: the rest stays.
    await t.caller.admin.updateDisplay({ id: made.id, name: '华大街道 值班屏 2' });
    expect((await get(session, 'wall.config')).data).toMatchObject({ displayId: made.id, name: '华大街道 值班屏 2', scenes, fit: 'stretch', takeoverS: 10 });
    const account = await t.pool.query<{ display_name: string }>('SELECT a.display_name FROM displays d JOIN accounts a ON a.id = d.account_id WHERE d.id = $1', [made.id]);
    expect(account.rows[0].display_name).toBe('华大街道 值班屏 2');
    const audit = await t.pool.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_type = 'display' AND target_id = $1 ORDER BY id`, [String(made.id)]);
    expect(audit.rows.map((r) => r.action)).toEqual(['admin.createDisplay', 'auth.displayLogin', 'admin.updateDisplay', 'admin.updateDisplay']);
  });

  it('counts display sign-ins against the same per-address limit as logins', async () => {
    const made = await t.caller.admin.createDisplay({ name: '华大街道 限速屏', areaCode: STREET });
    setLoginRateLimit(3);
    try {
      const wall = await t.callerAs(null, `${RUN_NET}.7`);
      expect(await refusalOf(wall.auth.displayLogin({ token: newToken() }))).toBe(`UNAUTHORIZED: ${DISPLAY_REFUSED}`);
      expect((await wall.auth.displayLogin({ token: tokenOf(made.url) })).displayId).toBe(made.id);
      expect(await refusalOf(wall.auth.login({ username: 'wall-street', password: PASSWORD }))).toBe('ok');
      // The fourth attempt from the address, display or password, waits.
      expect(await refusalOf(wall.auth.displayLogin({ token: tokenOf(made.url) }))).toMatch(/^TOO_MANY_REQUESTS/);
      expect(await refusalOf(wall.auth.login({ username: 'wall-street', password: PASSWORD }))).toMatch(/^TOO_MANY_REQUESTS/);
      expect((await (await t.callerAs(null, `${RUN_NET}.8`)).auth.displayLogin({ token: tokenOf(made.url) })).displayId).toBe(made.id);
    } finally {
      setLoginRateLimit(100_000);
    }
  });

  it('marks a display seen by wall.config at most once a minute', async () => {
    const made = await t.caller.admin.createDisplay({ name: '华大街道 在线屏', areaCode: STREET });
    const session = await displaySignIn(tokenOf(made.url));
    const seen = async () => (await t.pool.query<{ last_seen_at: Date }>('SELECT last_seen_at FROM displays WHERE id = $1', [made.id])).rows[0].last_seen_at.getTime();
    await t.pool.query(`UPDATE displays SET last_seen_at = now() - interval '2 minutes' WHERE id = $1`, [made.id]);
    const old = await seen();
    expect((await get(session, 'wall.config')).status).toBe(200);
    const now = await seen();
    expect(now - old).toBeGreaterThan(100_000);
    await sleep(20);
    expect((await get(session, 'wall.config')).status).toBe(200);
    expect(await seen()).toBe(now);
  });

  it('refuses bad input naming the field, areas outside the administrator\'s scope, and display accounts made as people\'s', async () => {
    const admin = t.caller.admin;
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: STREET, scenes: [{ kind: 'weather' as never, dwellS: 10 }] }))).toMatch(/^BAD_REQUEST: .*scenes\.0\.kind/);
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: STREET, scenes: [{ kind: 'overview', dwellS: 1 }] }))).toMatch(/^BAD_REQUEST: .*scenes\.0\.dwellS/);
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: STREET, scenes: [] }))).toMatch(/^BAD_REQUEST: .*scenes/);
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: STREET, takeoverS: 5 }))).toMatch(/^BAD_REQUEST: .*takeoverS/);
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: STREET, fit: 'zoom' as never }))).toMatch(/^BAD_REQUEST: .*fit/);
    expect(await refusalOf(admin.createDisplay({ name: ' ', areaCode: STREET }))).toMatch(/^BAD_REQUEST: .*name/);
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: '350199' }))).toMatch(/^BAD_REQUEST: areaCode: /);
    expect(await refusalOf(admin.createDisplay({ name: 'x', areaCode: '35x' }))).toMatch(/^BAD_REQUEST: .*areaCode/);
    expect(await refusalOf(admin.updateDisplay({ id: 2_000_000_000, name: 'x' }))).toMatch(/^NOT_FOUND/);

    // An administrator of 鼓楼区: not 仓山区, neither to make a display nor to change one.
    const gulou = (await t.callerAs('wall-admin-gl')).admin;
    expect(await refusalOf(gulou.createDisplay({ name: 'x', areaCode: '350104' }))).toMatch(/^FORBIDDEN: the area lies outside your scope 350102 /);
    const away = await admin.createDisplay({ name: '仓山区 主屏', areaCode: '350104' });
    for (const refusal of [await refusalOf(gulou.updateDisplay({ id: away.id, name: 'mine' })), await refusalOf(gulou.revokeDisplay({ id: away.id }))]) {
      expect(refusal).toMatch(/^FORBIDDEN: the display lies outside your scope 350102 /);
      expect(refusal).not.toContain(String(away.id));
    }
    const mine = await gulou.createDisplay({ name: '鼓楼区 主屏', areaCode: '350102' });
    const listed = await gulou.displays();
    expect(listed.some((d) => d.id === mine.id)).toBe(true);
    expect(listed.every((d) => d.areaCode.startsWith('350102'))).toBe(true);
    await gulou.revokeDisplay({ id: mine.id });

    // A display account is made as a display, never as a person's account, and changed as a display.
    const base = { displayName: 'x', password: 'a-Long-password-1', scopeCode: STREET };
    expect(await refusalOf(admin.createAccount({ ...base, username: `wall-display-${Date.now()}`, role: 'display' }))).toBe('BAD_REQUEST: role: display accounts are made with admin.createDisplay');
    const person = (await t.pool.query<{ id: number }>(`SELECT id FROM accounts WHERE username = 'wall-street'`)).rows[0].id;
    expect(await refusalOf(admin.updateAccount({ id: person, role: 'display' }))).toBe('BAD_REQUEST: role: display accounts are made with admin.createDisplay');
    const displayAccount = (await t.pool.query<{ account_id: number }>('SELECT account_id FROM displays WHERE id = $1', [away.id])).rows[0].account_id;
    expect(await refusalOf(admin.updateAccount({ id: displayAccount, password: 'a-Long-password-1' }))).toMatch(/^BAD_REQUEST: id: /);
    expect(await refusalOf(admin.updateAccount({ id: displayAccount, role: 'leader' }))).toMatch(/^BAD_REQUEST: id: /);
    expect(await refusalOf(admin.createAccount({ ...base, username: 'display-99999', role: 'leader' }))).toMatch(/^BAD_REQUEST: username: /);
  });

  it('shows staff a preview of their own scope', async () => {
    const street = await t.callerAs('wall-street');
    const c = await street.wall.config();
    expect(c).toEqual({
      displayId: null, name: expect.any(String), areaCode: STREET, areaName: c.name, scenes: DEFAULT_WALL_SCENES, fit: 'letterbox', takeoverS: WALL_TAKEOVER_S,
    });
    expect(c.name).not.toBe(STREET);
    expect(await refusalOf((await t.callerAs(null)).wall.config())).toMatch(/^UNAUTHORIZED/);
  });
});

type Timeline = Awaited<ReturnType<Awaited<ReturnType<typeof t.callerAs>>['incident']['timeline']>>;

/** Each case's last event at or before `at` (by time, then id) under an area, from the event log itself. */
async function statesAt(area: string, at: Date, department: string | null = null): Promise<Map<number, { status: string; at: string }>> {
  const { rows } = await t.pool.query<{ id: number; status: string; at: Date }>(
    `SELECT DISTINCT ON (e.incident_id) e.incident_id AS id, e.to_status AS status, e.at
     FROM incident_events e JOIN incidents i ON i.id = e.incident_id
     WHERE i.grid_code LIKE $1 || '%' AND e.at <= $2 AND ($3::text IS NULL OR i.department_code = $3)
     ORDER BY e.incident_id, e.at DESC, e.id DESC`,
    [area, at, department],
  );
  return new Map(rows.map((r) => [r.id, { status: r.status, at: r.at.toISOString() }]));
}

/** The cases with an event from `from` to `to` under an area. */
async function changedIn(area: string, from: Date, to: Date): Promise<Set<number>> {
  const { rows } = await t.pool.query<{ id: number }>(
    `SELECT DISTINCT e.incident_id AS id FROM incident_events e JOIN incidents i ON i.id = e.incident_id
     WHERE i.grid_code LIKE $1 || '%' AND e.at >= $2 AND e.at <= $3`,
    [area, from, to],
  );
  return new Set(rows.map((r) => r.id));
}

/** Check `timeline` against the event log at `times`: playbackStateAt equals SQL's state of every case that playback shows. */
async function expectStatesMatch(tl: Timeline, area: string, times: number[]) {
  const from = new Date(tl.from);
  // At the window's start: the cases reported before it that were live then — exactly `initial`.
  const start = await statesAt(area, from);
  const reportedBefore = new Set((await t.pool.query<{ id: number }>(`SELECT id FROM incidents WHERE grid_code LIKE $1 || '%' AND reported_at < $2`, [area, from])).rows.map((r) => r.id));
  const liveAtStart = [...start].filter(([id, s]) => reportedBefore.has(id) && !(FINAL_STATUSES as readonly string[]).includes(s.status));
  expect(tl.initial.map((c) => c.caseId).sort((a, b) => a - b)).toEqual(liveAtStart.map(([id]) => id).sort((a, b) => a - b));
  for (const c of tl.initial) expect({ status: c.status, at: c.at }, `case ${c.caseId} at the start`).toEqual(start.get(c.caseId));
  for (const tMs of times) {
    const at = new Date(tMs);
    const derived = playbackStateAt(tl, tMs);
    // Shown at t: the cases live at the start and those with a step between the start and t.
    const shown = new Set([...liveAtStart.map(([id]) => id), ...(await changedIn(area, from, at))]);
    const truth = await statesAt(area, at);
    const expected = [...truth].filter(([id]) => shown.has(id)).map(([id, s]) => [id, s.status, s.at]);
    const got = [...derived.values()].map((c) => [c.caseId, c.status, c.at]);
    const byId = (a: (string | number)[], b: (string | number)[]) => (a[0] as number) - (b[0] as number);
    expect(got.sort(byId), `the state of every case at ${at.toISOString()}`).toEqual(expected.sort(byId));
  }
}

/** Times inside a window, none within a millisecond of an event (the answer's times are to the millisecond, the log's finer). */
function timesInside(tl: Timeline, fractions: number[]): number[] {
  const from = Date.parse(tl.from);
  const span = Date.parse(tl.to) - from;
  const eventMs = new Set(tl.events.map((e) => Date.parse(e.at)));
  return fractions.map((f) => {
    let tMs = Math.round(from + f * span);
    while (eventMs.has(tMs) || eventMs.has(tMs - 1) || eventMs.has(tMs + 1)) tMs += 3;
    return tMs;
  });
}

describe('incident.timeline', () => {
  /** A case made now by operator intake in the street and taken round the loop: its id and the statuses it went through. */
  let fresh: { id: number; statuses: string[] };

  beforeAll(async () => {
    const district = await t.callerAs('demo-district');
    const dept = await t.callerAs('demo-dept');
    const made = await district.incident.create({ typeCode: 'SJ0101', source: 'patrol', description: 'wall timeline', lng: point[0], lat: point[1] });
    let r = await district.incident.act({ id: made.id, version: made.version, action: 'dispatch', departmentCode: 'gl-cgj' });
    r = await dept.incident.act({ id: made.id, version: r.version, action: 'take' });
    r = await dept.incident.act({ id: made.id, version: r.version, action: 'report', note: 'cleared' });
    await district.incident.act({ id: made.id, version: r.version, action: 'verify_pass' });
    // Operator intake logs the report and its acceptance at once: two steps.
    fresh = { id: made.id, statuses: ['reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed'] };
  });

  // Ending a second ahead: the database stamps rows in microseconds, so a row written in the very millisecond
  // of a `to` of now would fall after it.
  const lastDay = () => ({ from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 1000).toISOString() });

  it('gives a fresh case\'s steps in order with their statuses, and nothing personal', async () => {
    const street = await t.callerAs('wall-street');
    const tl = await street.incident.timeline({ areaCode: STREET, ...lastDay() });
    expect(tl.areaCode).toBe(STREET);
    expect(tl.truncated).toBe(false);
    const mine = tl.events.filter((e) => e.caseId === fresh.id);
    expect(mine.map((e) => e.status)).toEqual(fresh.statuses);
    expect(mine.map((e) => e.fromStatus)).toEqual([null, ...fresh.statuses.slice(0, -1)]);
    expect(mine.map((e) => e.action)).toEqual(['intake', 'accept', 'dispatch', 'take', 'report', 'verify_pass']);
    const log = await t.pool.query<{ id: number; at: Date; to_status: string }>('SELECT id::int AS id, at, to_status FROM incident_events WHERE incident_id = $1 ORDER BY at, id', [fresh.id]);
    expect(mine.map((e) => [e.id, e.at, e.status])).toEqual(log.rows.map((r) => [r.id, r.at.toISOString(), r.to_status]));
    // Counts and places only: exactly these fields.
    for (const e of tl.events) expect(Object.keys(e).sort()).toEqual(['action', 'at', 'caseId', 'caseNo', 'fromStatus', 'id', 'lat', 'lng', 'status', 'typeCode']);
    for (const c of tl.initial) expect(Object.keys(c).sort()).toEqual(['at', 'caseId', 'caseNo', 'lat', 'lng', 'status', 'typeCode']);
    for (const a of tl.alarms) expect(Object.keys(a).sort()).toEqual(['closedAt', 'firstAt', 'id', 'lat', 'lng', 'rule', 'severity']);
    expect(JSON.stringify(tl)).not.toMatch(/wall timeline|cleared|demo-district|demo-dept/);
    // The state at the end: closed, with the time it was closed.
    const end = playbackStateAt(tl, Date.parse(tl.to)).get(fresh.id)!;
    expect(end).toMatchObject({ status: 'closed', at: mine.at(-1)!.at, caseNo: mine[0].caseNo });
  });

  it('orders events by (at, id), keeps to the caller\'s scope and refuses a sibling street', async () => {
    const street = await t.callerAs('wall-street');
    const tl = await street.incident.timeline({ areaCode: STREET, ...lastDay() });
    for (let i = 1; i < tl.events.length; i++) {
      const [a, b] = [tl.events[i - 1], tl.events[i]];
      expect(a.at < b.at || (a.at === b.at && a.id < b.id), `events ${a.id} and ${b.id} in order`).toBe(true);
    }
    const ids = [...new Set([...tl.events.map((e) => e.caseId), ...tl.initial.map((c) => c.caseId)])];
    expect(ids.length).toBeGreaterThan(0);
    const { rows } = await t.pool.query<{ grid_code: string }>('SELECT grid_code FROM incidents WHERE id = ANY ($1)', [ids]);
    expect(rows.length).toBe(ids.length);
    for (const r of rows) expect(r.grid_code.startsWith(STREET)).toBe(true);
    // Exactly the area's events of the window.
    const { rows: [n] } = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.grid_code LIKE $1 || '%' AND e.at >= $2 AND e.at <= $3`,
      [STREET, new Date(tl.from), new Date(tl.to)],
    );
    expect(tl.events.length).toBe(n.n);
    const refusal = await refusalOf(street.incident.timeline({ areaCode: SIBLING, ...lastDay() }));
    expect(refusal).toMatch(/^FORBIDDEN: .*outside your scope 350102007/);
    // The district above the street: the street's own part.
    expect((await street.incident.timeline({ areaCode: '350102', ...lastDay() })).areaCode).toBe(STREET);
    expect(await refusalOf((await t.callerAs(null)).incident.timeline({ areaCode: STREET, ...lastDay() }))).toMatch(/^UNAUTHORIZED/);
  });

  it('gives a department handler only its department\'s cases and their alarms', async () => {
    const device = (await t.pool.query<{ id: number }>(`SELECT id FROM devices WHERE grid_code LIKE $1 || '%' ORDER BY id LIMIT 1`, [STREET])).rows[0].id;
    const other = await residentCase('other-department');
    const alarm = async (incidentId: number | null) =>
      Number((await t.pool.query<{ id: string }>(
        `INSERT INTO alarms (device_id, rule, severity, message, grid_code, first_at, last_at, closed_at, status, geom, geom3857, incident_id)
         SELECT id, 'garbage.full', 'minor', 'wall timeline', grid_code, now(), now(), now(), 'closed', geom, geom3857, $2 FROM devices WHERE id = $1 RETURNING id`,
        [device, incidentId],
      )).rows[0].id);
    const [ofDept, ofOther, ofNone] = [await alarm(fresh.id), await alarm(other), await alarm(null)];
    const window = lastDay();
    const dept = await (await t.callerAs('demo-dept')).incident.timeline({ areaCode: '350102', ...window });
    expect(dept.areaCode).toBe('350102');
    expect(dept.events.some((e) => e.caseId === fresh.id)).toBe(true);
    const ids = [...new Set([...dept.events.map((e) => e.caseId), ...dept.initial.map((c) => c.caseId)])];
    const { rows } = await t.pool.query<{ department_code: string | null }>('SELECT department_code FROM incidents WHERE id = ANY ($1)', [ids]);
    expect(rows.every((r) => r.department_code === 'gl-cgj')).toBe(true);
    expect(dept.events.some((e) => e.caseId === other)).toBe(false);
    const alarmIds = dept.alarms.map((a) => a.id);
    expect(alarmIds).toContain(ofDept);
    expect(alarmIds).not.toContain(ofOther);
    expect(alarmIds).not.toContain(ofNone);
    // The district operator sees all three, and the other case.
    const district = await (await t.callerAs('demo-district')).incident.timeline({ areaCode: STREET, ...window });
    expect(district.alarms.map((a) => a.id)).toEqual(expect.arrayContaining([ofDept, ofOther, ofNone]));
    expect(district.events.some((e) => e.caseId === other)).toBe(true);
  });

  it('refuses a window that ends before it starts or spans more than 7 days, naming `to`; and bad times, naming the field', async () => {
    const street = await t.callerAs('wall-street');
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await refusalOf(street.incident.timeline({ areaCode: STREET, from: iso(now), to: iso(now - 60_000) }))).toMatch(/^BAD_REQUEST: .*\bto\b.*before from/);
    expect(await refusalOf(street.incident.timeline({ areaCode: STREET, from: iso(now - 8 * 86_400_000), to: iso(now) }))).toMatch(
      new RegExp(`^BAD_REQUEST: .*to: the window may span at most ${TIMELINE_MAX_DAYS} days`),
    );
    expect(await refusalOf(street.incident.timeline({ areaCode: STREET, from: 'yesterday', to: iso(now) }))).toMatch(/^BAD_REQUEST: .*\bfrom\b/);
    expect(await refusalOf(street.incident.timeline({ areaCode: STREET, from: iso(now - 60_000), to: '2026-13-45T00:00:00Z' }))).toMatch(/^BAD_REQUEST: .*\bto\b/);
    // Exactly 7 days, and a zone other than UTC, are fine.
    const week = await street.incident.timeline({ areaCode: STREET, from: '2026-11-13T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' });
    expect(week.from).toBe('2026-11-12T16:00:00.000Z');
    expect(week.to).toBe('2026-11-19T16:00:00.000Z');
  });

  it('derives the state of every case at any time of the last 24 h as the event log has it', async () => {
    const district = await t.callerAs('demo-district');
    const tl = await district.incident.timeline({ areaCode: STREET, ...lastDay() });
    expect(tl.initial.length).toBeGreaterThan(0);
    expect(tl.events.length).toBeGreaterThan(0);
    // Before, between and after the fresh case's steps.
    const mine = tl.events.filter((e) => e.caseId === fresh.id).map((e) => Date.parse(e.at));
    const span = Date.parse(tl.to) - Date.parse(tl.from);
    const fractions = [0.25, (mine[2] - 2 - Date.parse(tl.from)) / span, (Date.parse(tl.to) - 500 - Date.parse(tl.from)) / span];
    await expectStatesMatch(tl, STREET, timesInside(tl, fractions));
  });

  it('derives the state of every case at times of a seeded week as the event log has it', async () => {
    const district = await t.callerAs('demo-district');
    const tl = await district.incident.timeline({ areaCode: STREET, from: '2026-11-13T00:00:00+08:00', to: '2026-11-20T00:00:00+08:00' });
    expect(tl.initial.length).toBeGreaterThan(0);
    expect(tl.events.length).toBeGreaterThan(10);
    expect(new Set(tl.events.map((e) => e.status)).size).toBeGreaterThan(2);
    await expectStatesMatch(tl, STREET, timesInside(tl, [0.1, 0.5, 0.9]));
  });
});

describe('playbackStateAt', () => {
  it('keeps a case of the start until an event changes it, applies events up to t, and keeps ended cases', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 20, 0, m)).toISOString();
    const tl = {
      initial: [{ caseId: 1, caseNo: 'A', status: 'handling', typeCode: 'SJ0101', lng: 1, lat: 2, at: at(0) }],
      events: [
        { id: 10, at: at(5), caseId: 2, caseNo: 'B', action: 'create', fromStatus: null, status: 'registered', typeCode: 'SJ0102', lng: 3, lat: 4 },
        { id: 11, at: at(10), caseId: 1, caseNo: 'A', action: 'report', fromStatus: 'handling', status: 'verifying', typeCode: 'SJ0101', lng: 1, lat: 2 },
        { id: 12, at: at(10), caseId: 1, caseNo: 'A', action: 'verify_pass', fromStatus: 'verifying', status: 'closed', typeCode: 'SJ0101', lng: 1, lat: 2 },
        { id: 13, at: at(20), caseId: 2, caseNo: 'B', action: 'reject', fromStatus: 'registered', status: 'rejected', typeCode: 'SJ0102', lng: 3, lat: 4 },
      ],
    };
    const statuses = (tMs: number) => Object.fromEntries([...playbackStateAt(tl, tMs)].map(([id, c]) => [id, c.status]));
    expect(statuses(Date.parse(at(1)))).toEqual({ 1: 'handling' });
    expect(statuses(Date.parse(at(5)))).toEqual({ 1: 'handling', 2: 'registered' });
    expect(statuses(Date.parse(at(10)))).toEqual({ 1: 'closed', 2: 'registered' });
    expect(statuses(Date.parse(at(30)))).toEqual({ 1: 'closed', 2: 'rejected' });
    expect(playbackStateAt(tl, Date.parse(at(30))).get(1)).toEqual({ caseId: 1, caseNo: 'A', status: 'closed', typeCode: 'SJ0101', lng: 1, lat: 2, at: at(10) });
  });
});
