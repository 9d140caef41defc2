/**
 * Roles of the 1+10+N command structure and the scope rule. Plain data, shared with the dashboard.
 * Area codes nest by prefix (3501 → 350102 → 350102004 → 350102004001 → +3 digits for a grid), so an
 * account's scope is a code and "in scope" means "the code starts with the scope".
 */
import { z } from 'zod';

export const ROLES = [
  'leader', // 城市/区领导: reads figures, rankings and trends of their area
  'district_operator', // 区指挥中心值班员: the 1 — works every case of the district
  'street_operator', // 街道分中心值班员: the 10 — works the cases of their street
  'department_handler', // 职能部门处置人员: the N — handles what is assigned to their department
  'grid_worker', // 社区工作者 / 网格员: their community or grid
  'planner', // 规划分析人员: facility layout, no personal data
  'auditor', // 审计员: reads the audit log
  'admin', // 系统管理员: accounts
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Roles whose work needs the unmasked personal data of residents in their scope (one record at a time, audited). */
export const REVEAL_ROLES: readonly Role[] = ['district_operator', 'street_operator', 'grid_worker'];

/** True when `code` lies within `scope` (or is it). */
export function inScope(scope: string, code: string): boolean {
  return code.startsWith(scope);
}

/** True when `code` is a strict ancestor of `scope`: the areas above one's own, shown as aggregates. */
export function isAncestorOf(code: string, scope: string): boolean {
  return scope.length > code.length && scope.startsWith(code);
}
