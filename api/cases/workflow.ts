/**
 * The closed loop of a case as a state machine, with who may take each step (一网统管 · 一线处置):
 *
 *   reported ─accept→ registered ─dispatch→ dispatched ─take→ handling ─report→ verifying ─verify_pass→ closed
 *      │  (受理立案)        (批转派遣)            ↑ return ┘          (办理反馈)      │ verify_fail → handling
 *      ├─reject→ rejected                                                           (核查办结) closed ─rate→ closed
 *      └─merge→ merged (into an earlier case)                                         bad rating: reopen → handling
 *
 * Calling up (呼叫, community → street → district → city departments) and acknowledging it do not change
 * the status: they raise the case's level and must be answered in time. Plain data and pure functions:
 * the server checks scope (the case in the caller's area, the unit the caller's department) before this.
 */
import type { Role } from '../../tiles/domain/roles';

import { CASE_LEVELS, type CaseLevel, type CaseStatus } from '../../tiles/domain/cases';

export interface TransitionRule {
  from: readonly CaseStatus[];
  /** The status after the action; 'same' keeps it (call-ups, acknowledgements, ratings). */
  to: CaseStatus | 'same';
  roles: readonly Role[];
  /** What the action needs besides the case: checked by the server with zod. */
  needs?: readonly ('unit' | 'reason' | 'note' | 'rating' | 'into')[];
}

const OPERATORS: readonly Role[] = ['district_operator', 'street_operator'];
const HANDLERS: readonly Role[] = ['department_handler', 'grid_worker'];

export const TRANSITIONS = {
  accept: { from: ['reported'], to: 'registered', roles: [...OPERATORS, 'grid_worker'] },
  reject: { from: ['reported'], to: 'rejected', roles: OPERATORS, needs: ['reason'] },
  merge: { from: ['reported', 'registered'], to: 'merged', roles: OPERATORS, needs: ['into'] },
  dispatch: { from: ['registered'], to: 'dispatched', roles: OPERATORS, needs: ['unit'] },
  take: { from: ['dispatched'], to: 'handling', roles: HANDLERS },
  return: { from: ['dispatched'], to: 'registered', roles: HANDLERS, needs: ['reason'] },
  report: { from: ['handling'], to: 'verifying', roles: HANDLERS, needs: ['note'] },
  verify_pass: { from: ['verifying'], to: 'closed', roles: [...OPERATORS, 'grid_worker'] },
  verify_fail: { from: ['verifying'], to: 'handling', roles: [...OPERATORS, 'grid_worker'], needs: ['reason'] },
  rate: { from: ['closed'], to: 'same', roles: OPERATORS, needs: ['rating'] },
  reopen: { from: ['closed'], to: 'handling', roles: OPERATORS, needs: ['reason'] },
  call_up: { from: ['registered', 'dispatched', 'handling'], to: 'same', roles: ['grid_worker', 'street_operator', 'district_operator'], needs: ['reason'] },
  acknowledge: { from: ['registered', 'dispatched', 'handling'], to: 'same', roles: ['street_operator', 'district_operator', 'department_handler'] },
} as const satisfies Record<string, TransitionRule>;

export type CaseAction = keyof typeof TRANSITIONS;
export const CASE_ACTIONS = Object.keys(TRANSITIONS) as CaseAction[];

/** The level a role works at, for call-ups: a grid member calls the street, a street the district… */
export const LEVEL_OF_ROLE: Partial<Record<Role, CaseLevel>> = {
  grid_worker: 'community',
  street_operator: 'street',
  district_operator: 'district',
  department_handler: 'city',
};

export function nextLevel(level: CaseLevel): CaseLevel | null {
  const i = CASE_LEVELS.indexOf(level);
  return i >= 0 && i < CASE_LEVELS.length - 1 ? CASE_LEVELS[i + 1] : null;
}

export interface CaseState {
  status: CaseStatus;
  /** The level that holds the case now. */
  level: CaseLevel;
  /** A call-up waiting for the called level's acknowledgement. */
  callUpPending: boolean;
}

/** Why an action cannot be taken, or null when it can. */
export function refusal(state: CaseState, action: CaseAction, role: Role): string | null {
  const rule: TransitionRule = TRANSITIONS[action];
  if (!rule) return `unknown action ${action}`;
  const allowed = allowedActions(state, role);
  const listing = allowed.length ? `allowed now: ${allowed.join(', ')}` : 'no action is allowed now for your role';
  if (!(rule.from as readonly string[]).includes(state.status)) return `cannot ${action} a case that is ${state.status}; ${listing}`;
  if (!rule.roles.includes(role)) return `the role ${role} cannot ${action}; ${listing}`;
  if (action === 'call_up') {
    if (state.callUpPending) return `the case is already called up to ${state.level} and waits for its acknowledgement; ${listing}`;
    if (LEVEL_OF_ROLE[role] !== state.level) return `only the level holding the case (${state.level}) can call it up; ${listing}`;
    if (!nextLevel(state.level)) return `the case is at the top level (${state.level}); ${listing}`;
  }
  if (action === 'acknowledge') {
    if (!state.callUpPending) return `there is no call-up to acknowledge; ${listing}`;
    if (LEVEL_OF_ROLE[role] !== state.level) return `the call-up goes to the ${state.level} level, not to ${LEVEL_OF_ROLE[role] ?? role}; ${listing}`;
  }
  return null;
}

/** The actions a role may take on a case in this state (scope checks aside). */
export function allowedActions(state: CaseState, role: Role): CaseAction[] {
  return CASE_ACTIONS.filter((action) => {
    const rule: TransitionRule = TRANSITIONS[action];
    if (!(rule.from as readonly string[]).includes(state.status) || !rule.roles.includes(role)) return false;
    if (action === 'call_up') return !state.callUpPending && LEVEL_OF_ROLE[role] === state.level && nextLevel(state.level) !== null;
    if (action === 'acknowledge') return state.callUpPending && LEVEL_OF_ROLE[role] === state.level;
    return true;
  });
}

/** The state after an allowed action; throws with the refusal otherwise. */
export function apply(state: CaseState, action: CaseAction, role: Role): CaseState {
  const why = refusal(state, action, role);
  if (why) throw new Error(why);
  const rule: TransitionRule = TRANSITIONS[action];
  const status = rule.to === 'same' ? state.status : rule.to;
  if (action === 'call_up') return { status, level: nextLevel(state.level)!, callUpPending: true };
  if (action === 'acknowledge') return { ...state, callUpPending: false };
  return { ...state, status };
}
