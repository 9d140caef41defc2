/**
 * Demo accounts, one per role in 鼓楼区 (and one street sub-centre of 仓山区), all with DEMO_PASSWORD.
 * For demonstrations only: in production mode the server refuses to start while any of them still has
 * the demo password, unless DEMO_MODE=on says a demo is intended.
 */
import type pg from 'pg';
import { hashPassword, verifyPassword } from './passwords';
import { query } from '../sql';
import type { Role } from '../../tiles/domain/roles';

export const DEFAULT_DEMO_PASSWORD = 'citybrain-demo';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** An area code, or 'first-street-of:350104' resolved against the seeded areas. */
  scope: string;
  departmentCode?: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'demo-leader', displayName: '鼓楼区领导（演示）', role: 'leader', scope: '350102' },
  { username: 'demo-district', displayName: '鼓楼区指挥中心（演示）', role: 'district_operator', scope: '350102' },
  { username: 'demo-street', displayName: '东街街道分中心（演示）', role: 'street_operator', scope: '350102004' },
  { username: 'demo-street2', displayName: '仓山区街道分中心（演示）', role: 'street_operator', scope: 'first-street-of:350104' },
  { username: 'demo-dept', displayName: '鼓楼区城市管理局（演示）', role: 'department_handler', scope: '350102', departmentCode: 'gl-cgj' },
  { username: 'demo-grid', displayName: '军门社区网格员（演示）', role: 'grid_worker', scope: '350102004001' },
  { username: 'demo-planner', displayName: '规划分析（演示）', role: 'planner', scope: '350102' },
  { username: 'demo-auditor', displayName: '审计员（演示）', role: 'auditor', scope: '350102' },
  { username: 'demo-admin', displayName: '系统管理员（演示）', role: 'admin', scope: '3501' },
];

async function resolveScope(pool: pg.Pool, scope: string): Promise<string | null> {
  const m = /^first-street-of:(\d{6})$/.exec(scope);
  const { rows } = m
    ? await pool.query<{ code: string }>('SELECT min(code) AS code FROM areas WHERE parent_code = $1', [m[1]])
    : await pool.query<{ code: string }>('SELECT code FROM areas WHERE code = $1', [scope]);
  return rows[0]?.code ?? null;
}

/**
 * Create the demo accounts that are missing; a demo account that still is one (its password never
 * changed through the admin API) follows DEMO_PASSWORD. Returns the usernames created or updated.
 */
export async function ensureDemoAccounts(pool: pg.Pool, password: string): Promise<string[]> {
  const changed: string[] = [];
  let hash: string | undefined;
  for (const demo of DEMO_ACCOUNTS) {
    const { rows } = await pool.query<{ id: number; password_hash: string; is_demo: boolean }>(
      'SELECT id, password_hash, is_demo FROM accounts WHERE username = $1',
      [demo.username],
    );
    const existing = rows[0];
    if (existing) {
      if (existing.is_demo && !(await verifyPassword(password, existing.password_hash))) {
        await pool.query('UPDATE accounts SET password_hash = $2, updated_at = now() WHERE id = $1', [existing.id, (hash ??= await hashPassword(password))]);
        changed.push(demo.username);
      }
      continue;
    }
    const scope = await resolveScope(pool, demo.scope);
    if (!scope) continue; // a test city without that area
    await query(pool, 'account-insert', [demo.username, demo.displayName, demo.role, scope, demo.departmentCode ?? null, (hash ??= await hashPassword(password)), true]);
    changed.push(demo.username);
  }
  return changed;
}

/** Enabled demo accounts whose password is still the demo password. */
export async function demoAccountsInUse(pool: pg.Pool, password: string): Promise<string[]> {
  const { rows } = await pool.query<{ username: string; password_hash: string }>(
    'SELECT username, password_hash FROM accounts WHERE is_demo AND NOT disabled ORDER BY username',
  );
  const out: string[] = [];
  for (const r of rows) if (await verifyPassword(password, r.password_hash)) out.push(r.username);
  return out;
}
