/**
 * Roles of the 1+10+N command structure, with their labels. The server's permission table
 * (api/auth/permissions.ts) says what each may do; the dashboard shows the labels.
 */
import type { Label } from './labels';

export const ROLES = [
  'leader', // 城市/区领导: reads figures, rankings and trends of their area
  'district_operator', // 区指挥中心值班员: the 1 — works every case of the district
  'street_operator', // 街道分中心值班员: the 10 — works the cases of their street
  'department_handler', // 职能部门处置人员: the N — handles what is assigned to their department
  'grid_worker', // 社区工作者 / 网格员: their community or grid
  'planner', // 规划分析人员: facility layout, no personal data
  'auditor', // 审计员: reads the audit log
  'admin', // 系统管理员: accounts
  'display', // 指挥大屏: a wall screen's read-only identity, no personal data; signs in with its token, never a password
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE: Record<Role, Label> = {
  leader: { zh: '领导', en: 'Leader' },
  district_operator: { zh: '区指挥中心', en: 'District command centre' },
  street_operator: { zh: '街道分中心', en: 'Street sub-centre' },
  department_handler: { zh: '职能部门', en: 'Department' },
  grid_worker: { zh: '社区网格员', en: 'Community / grid member' },
  planner: { zh: '规划分析', en: 'Planner' },
  auditor: { zh: '审计员', en: 'Auditor' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  display: { zh: '指挥大屏', en: 'Wall display' },
};

/**
 * Roles an administrator gives to a person's account (admin.createAccount / updateAccount). A `display`
 * account belongs to a wall screen and is made with admin.createDisplay.
 */
export const ACCOUNT_ROLES = ROLES.filter((r): r is Exclude<Role, 'display'> => r !== 'display');

/** Roles that never see residents' personal data: no reporters, descriptions, photos or residents' comments. */
const WITHOUT_PERSONAL_DATA: readonly Role[] = ['planner', 'display'];

/** Whether a role may see what residents wrote or sent (masked contact details, descriptions, photos, comments). */
export function seesPersonalData(role: Role): boolean {
  return !WITHOUT_PERSONAL_DATA.includes(role);
}
