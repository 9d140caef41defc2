import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../tiles/domain/roles';
import {
  allowedActions,
  apply,
  CASE_ACTIONS,
  LEVEL_OF_ROLE,
  refusal,
  type CaseAction,
  type CaseState,
} from '../../api/cases/workflow';
import { CASE_STATUSES, type CaseLevel, type CaseStatus } from '../../tiles/domain/cases';

/**
 * The closed loop as the command centre runs it, written out by hand: status → action → roles. Every
 * combination not listed here must be refused.
 */
const SPEC = `
reported   accept       district_operator street_operator grid_worker
reported   reject       district_operator street_operator
reported   merge        district_operator street_operator
registered merge        district_operator street_operator
registered dispatch     district_operator street_operator
dispatched take         department_handler grid_worker
dispatched return       department_handler grid_worker
handling   report       department_handler grid_worker
verifying  verify_pass  district_operator street_operator grid_worker
verifying  verify_fail  district_operator street_operator grid_worker
closed     rate         district_operator street_operator
closed     reopen       district_operator street_operator
registered call_up      grid_worker street_operator district_operator
dispatched call_up      grid_worker street_operator district_operator
handling   call_up      grid_worker street_operator district_operator
registered acknowledge  street_operator district_operator department_handler
dispatched acknowledge  street_operator district_operator department_handler
handling   acknowledge  street_operator district_operator department_handler
`;
const allowed = new Set(
  SPEC.trim()
    .split('\n')
    .flatMap((line) => {
      const [status, action, ...roles] = line.trim().split(/\s+/);
      return roles.map((role) => `${status}/${action}/${role}`);
    }),
);

/** A state in which the level rules let `role` call up (or acknowledge) when the status allows it. */
function stateFor(status: CaseStatus, action: CaseAction, role: Role): CaseState {
  const own = LEVEL_OF_ROLE[role] ?? 'district';
  if (action === 'acknowledge') return { status, level: own, callUpPending: true };
  return { status, level: own === 'city' ? 'district' : own, callUpPending: false };
}

describe('the case state machine', () => {
  it('allows exactly the transitions of the spec, for every status, action and role', () => {
    const mismatches: string[] = [];
    for (const status of CASE_STATUSES) {
      for (const action of CASE_ACTIONS) {
        for (const role of ROLES) {
          const key = `${status}/${action}/${role}`;
          const got = refusal(stateFor(status, action, role), action, role) === null;
          if (got !== allowed.has(key)) mismatches.push(`${key}: ${got ? 'allowed' : 'refused'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // Every line of the spec is a real action and status.
    for (const key of allowed) {
      const [status, action] = key.split('/');
      expect(CASE_STATUSES).toContain(status);
      expect(CASE_ACTIONS).toContain(action);
    }
  });

  it('refuses with a message naming the current state and the allowed actions', () => {
    const state: CaseState = { status: 'dispatched', level: 'street', callUpPending: false };
    expect(refusal(state, 'verify_pass', 'street_operator')).toBe('cannot verify_pass a case that is dispatched; allowed now: call_up');
    expect(refusal(state, 'take', 'planner')).toBe('the role planner cannot take; no action is allowed now for your role');
    expect(refusal(state, 'take', 'department_handler')).toBeNull();
    expect(() => apply(state, 'report', 'department_handler')).toThrow(/cannot report a case that is dispatched; allowed now: take, return/);
  });

  it('runs the closed loop from report to rating, with a failed verification and a reopening', () => {
    let s: CaseState = { status: 'reported', level: 'community', callUpPending: false };
    const steps: [CaseAction, Role, CaseStatus][] = [
      ['accept', 'street_operator', 'registered'],
      ['dispatch', 'street_operator', 'dispatched'],
      ['return', 'department_handler', 'registered'],
      ['dispatch', 'street_operator', 'dispatched'],
      ['take', 'department_handler', 'handling'],
      ['report', 'department_handler', 'verifying'],
      ['verify_fail', 'grid_worker', 'handling'],
      ['report', 'department_handler', 'verifying'],
      ['verify_pass', 'grid_worker', 'closed'],
      ['rate', 'street_operator', 'closed'],
      ['reopen', 'street_operator', 'handling'],
    ];
    for (const [action, role, status] of steps) {
      s = apply(s, action, role);
      expect(s.status, `${action} by ${role}`).toBe(status);
    }
  });

  it('calls a case up one level at a time, each call acknowledged by the level called', () => {
    let s: CaseState = { status: 'handling', level: 'community', callUpPending: false };
    expect(allowedActions(s, 'grid_worker')).toContain('call_up');
    expect(refusal(s, 'call_up', 'street_operator')).toMatch(/only the level holding the case \(community\)/);
    s = apply(s, 'call_up', 'grid_worker');
    expect(s).toEqual({ status: 'handling', level: 'street', callUpPending: true });
    expect(refusal(s, 'call_up', 'street_operator')).toMatch(/already called up to street/);
    expect(refusal(s, 'acknowledge', 'district_operator')).toMatch(/goes to the street level/);
    s = apply(s, 'acknowledge', 'street_operator');
    s = apply(s, 'call_up', 'street_operator');
    s = apply(s, 'acknowledge', 'district_operator');
    s = apply(s, 'call_up', 'district_operator');
    expect(s.level).toBe<CaseLevel>('city');
    s = apply(s, 'acknowledge', 'department_handler');
    expect(s).toEqual({ status: 'handling', level: 'city', callUpPending: false });
    expect(allowedActions(s, 'department_handler')).toEqual(['report']);
    expect(refusal(s, 'acknowledge', 'department_handler')).toMatch(/no call-up to acknowledge/);
  });
});
