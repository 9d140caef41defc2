import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword, verifyPassword, passwordProblem } from '../../api/auth/passwords';
import { maskIdNumber, maskName, maskPhone } from '../../api/auth/mask';
import { setLoginRateLimit, LOGIN_REFUSED, MAX_FAILED_LOGINS } from '../../api/routers/auth';
import { prepareDatabase } from '../../api/db/bootstrap';
import { loadEnv } from '../../api/env';
import { anonymousSession, baseUrl, codeOf, createTestContext, DEMO_PASSWORD, postOversize, signIn } from '../helpers';

/** Sign-in limits are counted in the database: client addresses of this run's own (a re-run within 10 minutes starts afresh). */
const RUN_NET = `10.${Date.now() % 250}.${Math.floor(Math.random() * 250)}`;

let t: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.pool.end();
});

async function makeAccount(username: string, password: string, role = 'street_operator', scope = '350102004') {
  await t.pool.query(
    `INSERT INTO accounts (username, display_name, role, scope_code, password_hash) VALUES ($1, $1, $2, $3, $4)
     ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, failed_logins = 0, locked_until = NULL, disabled = false`,
    [username, role, scope, await hashPassword(password)],
  );
}

const trpcPost = (path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${baseUrl()}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const trpcGet = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl()}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers });

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verified in constant form', async () => {
    const a = await hashPassword('correct horse 1');
    const b = await hashPassword('correct horse 1');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse 1', a)).toBe(true);
    expect(await verifyPassword('correct horse 2', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    const { rows } = await t.pool.query<{ password_hash: string }>(`SELECT password_hash FROM accounts WHERE username = 'demo-street'`);
    expect(rows[0].password_hash.startsWith('scrypt$')).toBe(true);
    expect(rows[0].password_hash).not.toContain(DEMO_PASSWORD);
  });

  it('must be long enough and not of one kind', () => {
    expect(passwordProblem('short1')).toMatch(/10 characters/);
    expect(passwordProblem('abcdefghijkl')).toMatch(/one kind/);
    expect(passwordProblem('a-Long-password-1')).toBeNull();
  });
});

describe('sessions over HTTP', () => {
  it('login sets an HttpOnly SameSite=Strict cookie; me knows the user; logout ends the session for good', async () => {
    const anon = await anonymousSession();
    const res = await trpcPost('auth.login', { username: 'demo-street', password: DEMO_PASSWORD }, anon.headers);
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('cb_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).toMatch(/Expires=/i);
    const s = await signIn('demo-street');
    const me = await (await trpcGet('auth.me', undefined, s.headers)).json();
    expect(me.result.data).toMatchObject({ username: 'demo-street', role: 'street_operator', scopeCode: '350102004', scopeName: '东街街道' });
    expect(JSON.stringify(me)).not.toMatch(/password|scrypt/);
    const out = await trpcPost('auth.logout', {}, s.headers);
    expect(out.status).toBe(200);
    // The old cookie is worthless now, even if a client kept it.
    const after = await (await trpcGet('auth.me', undefined, { cookie: s.cookie })).json();
    expect(after.result.data).toBeNull();
    const area = await trpcGet('area.get', { code: '350102004' }, { cookie: s.cookie });
    expect(area.status).toBe(401);
  });

  it('expired sessions and disabled accounts are no longer signed in', async () => {
    await makeAccount('session-test', 'session-pass-1');
    const s = await signIn('session-test', 'session-pass-1');
    expect((await trpcGet('area.get', { code: '350102004' }, s.headers)).status).toBe(200);
    await t.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE account_id = (SELECT id FROM accounts WHERE username = 'session-test')`);
    expect((await trpcGet('area.get', { code: '350102004' }, s.headers)).status).toBe(401);
    const s2 = await signIn('session-test', 'session-pass-1');
    await t.pool.query(`UPDATE accounts SET disabled = true WHERE username = 'session-test'`);
    expect((await trpcGet('area.get', { code: '350102004' }, s2.headers)).status).toBe(401);
    await expect(signIn('session-test', 'session-pass-1')).rejects.toThrow(/401/);
  });

  it('wrong credentials get one message that does not tell which part was wrong', async () => {
    const anon = await anonymousSession();
    const unknown = await (await trpcPost('auth.login', { username: 'nobody-here', password: 'whatever-1' }, anon.headers)).json();
    const wrong = await (await trpcPost('auth.login', { username: 'demo-planner', password: 'whatever-1' }, anon.headers)).json();
    expect(unknown.error.message).toBe(LOGIN_REFUSED);
    expect(wrong.error.message).toBe(LOGIN_REFUSED);
    expect(LOGIN_REFUSED).toMatch(/^wrong username or password/);
  });
});

describe('CSRF protection', () => {
  it('refuses state-changing requests without the token, or with a wrong one', async () => {
    const s = await signIn('demo-admin');
    const body = { id: 1, reason: 'csrf test' };
    const none = await trpcPost('residents.reveal', body, { cookie: s.cookie });
    expect(none.status).toBe(403);
    expect((await none.json()).error.message).toMatch(/CSRF/);
    const wrong = await trpcPost('residents.reveal', body, { cookie: s.cookie, 'x-csrf-token': 'forged' });
    expect(wrong.status).toBe(403);
    // A login form posted from another site carries no token either.
    const login = await trpcPost('auth.login', { username: 'demo-admin', password: DEMO_PASSWORD }, {});
    expect(login.status).toBe(403);
    // With the token the request reaches the procedure (which refuses the admin role: FORBIDDEN, not CSRF).
    const right = await trpcPost('residents.reveal', body, s.headers);
    expect(right.status).toBe(403);
    expect((await right.json()).error.message).toMatch(/may not use residents.reveal/);
  });
});

describe('lock-out and throttling', () => {
  it(`locks an account after ${MAX_FAILED_LOGINS} wrong passwords, even for the right one, and audits it`, async () => {
    await makeAccount('lock-test', 'lock-pass-12');
    const caller = await t.callerAs(null, '10.1.1.1');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect(await codeOf(caller.auth.login({ username: 'lock-test', password: `wrong-${i}-pass` }))).toBe('UNAUTHORIZED');
    // Locked: refused like a wrong password or an unknown name (no answer tells which accounts are locked).
    expect(await codeOf(caller.auth.login({ username: 'lock-test', password: 'lock-pass-12' }))).toBe('UNAUTHORIZED');
    const { rows } = await t.pool.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE target_id = (SELECT id::text FROM accounts WHERE username = 'lock-test') GROUP BY action`,
    );
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r.n]));
    expect(byAction['auth.login_failed']).toBeGreaterThanOrEqual(MAX_FAILED_LOGINS);
    expect(byAction['auth.login_locked']).toBeGreaterThanOrEqual(1);
    // An administrator's password reset unlocks it.
    const id = (await t.pool.query<{ id: number }>(`SELECT id FROM accounts WHERE username = 'lock-test'`)).rows[0].id;
    await t.caller.admin.updateAccount({ id, password: 'new-lock-pass-1' });
    expect(await codeOf(caller.auth.login({ username: 'lock-test', password: 'new-lock-pass-1' }))).toBe('ok');
  });

  it('slows down one address that tries too many logins', async () => {
    setLoginRateLimit(3);
    try {
      const caller = await t.callerAs(null, `${RUN_NET}.2`);
      for (let i = 0; i < 3; i++) expect(await codeOf(caller.auth.login({ username: 'nobody-here', password: 'x-pass-word' }))).toBe('UNAUTHORIZED');
      expect(await codeOf(caller.auth.login({ username: 'demo-admin', password: DEMO_PASSWORD }))).toBe('TOO_MANY_REQUESTS');
      const other = await t.callerAs(null, `${RUN_NET}.3`);
      expect(await codeOf(other.auth.login({ username: 'demo-planner', password: DEMO_PASSWORD }))).toBe('ok');
    } finally {
      setLoginRateLimit(100_000);
    }
  });
});

describe('personal data', () => {
  it('masks names, phones and ID numbers', () => {
    expect(maskName('张建明')).toBe('张*明');
    expect(maskName('王芳')).toBe('王*');
    expect(maskName('欧阳建国')).toBe('欧**国');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('35010219450312123X')).toBe('350102********123X');
  });

  it('lists residents masked, and reveals one in clear only with a reason, leaving an audit entry', async () => {
    const grid = await t.callerAs('demo-grid');
    const list = await grid.residents.list({ areaCode: '350102004001', limit: 5 });
    expect(list.total).toBeGreaterThan(0);
    for (const r of list.items) {
      expect(r.masked).toBe(true);
      expect(r.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(r.name).toContain('*');
    }
    const target = list.items[0];
    expect(await codeOf(grid.residents.reveal({ id: target.id, reason: '' }))).toBe('BAD_REQUEST');
    const clear = await grid.residents.reveal({ id: target.id, reason: '上门探访前核对电话' });
    expect(clear.masked).toBe(false);
    expect(clear.phone).toMatch(/^1\d{10}$/);
    expect(maskPhone(clear.phone)).toBe(target.phone);
    const { rows } = await t.pool.query(
      `SELECT username, role, action, target_type, target_id, area_code, detail FROM audit_log WHERE action = 'residents.reveal' AND target_id = $1 ORDER BY id DESC LIMIT 1`,
      [String(target.id)],
    );
    expect(rows[0]).toMatchObject({ username: 'demo-grid', role: 'grid_worker', target_type: 'resident', area_code: target.gridCode, detail: { reason: '上门探访前核对电话' } });
    // The audit entry itself holds no personal data.
    expect(JSON.stringify(rows[0])).not.toContain(clear.phone);
    // A planner may not list them; a leader sees them masked and may not reveal.
    expect(await codeOf((await t.callerAs('demo-planner')).residents.list({ areaCode: '350102' }))).toBe('FORBIDDEN');
    expect(await codeOf((await t.callerAs('demo-leader')).residents.reveal({ id: target.id, reason: 'curiosity' }))).toBe('FORBIDDEN');
  });
});

describe('the audit log', () => {
  it('records logins, account changes and reads, and is append-only', async () => {
    await signIn('demo-auditor');
    const auditor = await t.callerAs('demo-auditor');
    const page = await auditor.audit.list({ username: 'demo-auditor', action: 'auth.login', limit: 5 });
    expect(page.items[0]).toMatchObject({ username: 'demo-auditor', action: 'auth.login', role: 'auditor' });
    expect(page.items[0].ip).toBeTruthy();
    await expect(t.pool.query('UPDATE audit_log SET action = action')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // Administrators' changes are there with what changed.
    const created = await t.caller.admin.createAccount({ username: `audit-new-${process.pid}`, displayName: 'x', password: 'a-Long-password-1', role: 'planner', scopeCode: '350102' });
    const { rows } = await t.pool.query(`SELECT action, username, detail FROM audit_log WHERE target_type = 'account' AND target_id = $1`, [String(created.id)]);
    expect(rows).toEqual([expect.objectContaining({ action: 'admin.createAccount', username: 'demo-admin', detail: expect.objectContaining({ role: 'planner' }) })]);
    expect(JSON.stringify(rows)).not.toContain('a-Long-password-1');
  });
});

describe('administration', () => {
  it('creates accounts only in scope, with valid roles, departments and passwords', async () => {
    const admin = await t.callerAs('demo-admin');
    expect(await codeOf(admin.admin.createAccount({ username: 'weak-pass', displayName: 'x', password: 'short', role: 'planner', scopeCode: '350102' }))).toBe('BAD_REQUEST');
    expect(await codeOf(admin.admin.createAccount({ username: 'no-dept', displayName: 'x', password: 'a-Long-password-1', role: 'department_handler', scopeCode: '350102' }))).toBe('BAD_REQUEST');
    expect(await codeOf(admin.admin.createAccount({ username: 'no-area', displayName: 'x', password: 'a-Long-password-1', role: 'planner', scopeCode: '350199' }))).toBe('BAD_REQUEST');
    expect(await codeOf(admin.admin.createAccount({ username: 'demo-street', displayName: 'x', password: 'a-Long-password-1', role: 'planner', scopeCode: '350102' }))).toBe('CONFLICT');
    const me = (await t.pool.query<{ id: number }>(`SELECT id FROM accounts WHERE username = 'demo-admin'`)).rows[0].id;
    expect(await codeOf(admin.admin.updateAccount({ id: me, disabled: true }))).toBe('BAD_REQUEST');
    const list = await admin.admin.accounts();
    expect(list.some((a) => a.username === 'demo-street2')).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/scrypt/);
  });
});

describe('HTTP hardening', () => {
  it('sends security headers with a strict content security policy', async () => {
    const res = await fetch(`${baseUrl()}/`, { headers: { accept: 'text/html' } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'( 'wasm-unsafe-eval')?;/);
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('refuses oversize and malformed bodies with a 4xx and no stack trace', async () => {
    const s = await signIn('demo-admin');
    const big = await postOversize('/trpc/admin.createAccount', 2 * 1024 * 1024, s.headers);
    expect(big.status, big.text).toBe(413);
    expect(big.text).toMatch(/too large/i);
    const bad = await fetch(`${baseUrl()}/trpc/admin.createAccount`, { method: 'POST', headers: { ...s.headers, 'content-type': 'application/json' }, body: '{"username": ' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.status).toBeLessThan(500);
    expect(await bad.text()).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('production mode', () => {
  it('refuses to start while demo accounts keep the demo password, unless DEMO_MODE=on', async () => {
    const env = loadEnv({ DATABASE_URL: inject('databaseUrl'), NODE_ENV: 'production' });
    await expect(prepareDatabase(env, () => {})).rejects.toThrow(/refusing to start in production: the demo accounts .*demo-district/);
    const demo = loadEnv({ DATABASE_URL: inject('databaseUrl'), NODE_ENV: 'production', DEMO_MODE: 'on' });
    const ready = await prepareDatabase(demo, () => {});
    await ready.db.close();
  });
});
