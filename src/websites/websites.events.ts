import type { Sql } from '../database/db';

declare module '../common/domain-events' {
  interface DomainEventMap {
    /** An agent became a member of a website (they created it, or accepted an invite). */
    'member.added': { websiteId: string; agentId: string };
    /** An agent is no longer a member: removed, or they left. */
    'member.removed': { websiteId: string; agentId: string };
    'member.role-changed': { websiteId: string; agentId: string; role: string };
    /** Owner or admin changed the website; `fields` names what changed. */
    'website.updated': { websiteId: string; fields: string[] };
    /** The website's key was rotated (the old one works on for its grace period, if any). */
    'website.key-rotated': { websiteId: string };
  }
  interface DomainHookMap {
    /** Inside the transaction that removes the member, before it commits. */
    'member.removing': { tx: Sql; websiteId: string; agentId: string };
  }
}
export {};
