import { Role } from '../api/api.models';

/**
 * What a member may do to other members, as the server decides it; the console offers only these,
 * so the server's 403 is for races, not for ordinary use.
 */

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', agent: 'Agent' };

export function canManage(role: Role | null | undefined): boolean {
  return role === 'owner' || role === 'admin';
}

/** The roles a caller may hand out, by invite or by changing a member. */
export function grantableRoles(caller: Role | null | undefined): Role[] {
  switch (caller) {
    case 'owner':
      return ['owner', 'admin', 'agent'];
    case 'admin':
      return ['admin', 'agent'];
    default:
      return [];
  }
}

/** The roles offered for a member, empty when the caller may not change them at all. */
export function roleOptions(caller: Role | null | undefined, target: Role): Role[] {
  // Only an owner demotes an owner.
  if (target === 'owner' && caller !== 'owner') return [];
  return grantableRoles(caller);
}

/** Removing someone else; leaving is a separate action everyone has. */
export function canRemove(caller: Role | null | undefined, target: Role): boolean {
  return canManage(caller) && (target !== 'owner' || caller === 'owner');
}

/**
 * Whom a caller may assign a conversation to (null is "nobody"), leaving out where it already is.
 * An `agent` may only take an unassigned conversation or let go of their own.
 */
export function assignTargets(
  caller: Role | null | undefined,
  me: string | null,
  assigneeId: string | null,
  memberIds: string[],
): (string | null)[] {
  if (canManage(caller)) {
    const targets: (string | null)[] = assigneeId === null ? [] : [null];
    return [...targets, ...memberIds.filter((id) => id !== assigneeId)];
  }
  if (caller !== 'agent' || me === null) return [];
  if (assigneeId === null) return [me];
  return assigneeId === me ? [null] : [];
}
