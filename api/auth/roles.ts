/**
 * Roles of the 1+10+N command structure and the scope rule. Plain data, shared with the dashboard.
 * Area codes nest by prefix (3501 → 350102 → 350102004 → 350102004001 → +3 digits for a grid), so an
 * account's scope is a code and "in scope" means "the code starts with the scope".
 */
import { z } from 'zod';
import { ROLES, type Role } from '../../tiles/domain/roles';

export const roleSchema = z.enum(ROLES);

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
