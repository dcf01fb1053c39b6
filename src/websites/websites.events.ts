/** An agent became a member of a website (they created it, or accepted an invite). */
declare module '../common/domain-events' {
  interface DomainEventMap {
    'member.added': { websiteId: string; agentId: string };
  }
}
export {};
