import type { MemberRole } from './website.types';

export const MANAGER_ROLES: readonly MemberRole[] = ['owner', 'admin'];

/**
 * The one membership rule, as SQL, for the statements of every module that scope rows to an
 * agent's websites: true when agent `agent` is a member of website `website` (and, when given,
 * holds one of `roles`). Both arguments are SQL expressions, e.g. `c.website_id` and `$2`.
 * It reads the members table by its primary key.
 */
export function isMember(website: string, agent: string, roles?: readonly MemberRole[]): string {
  const role = roles ? ` AND wm.role IN (${roles.map((r) => `'${r}'`).join(', ')})` : '';
  return `EXISTS (SELECT 1 FROM website_members wm WHERE wm.website_id = ${website} AND wm.agent_id = ${agent}${role})`;
}
