/** Agent sessions (refresh-token families) ended: logout, reuse detection, password change. */
declare module '../domain-events' {
  interface DomainEventMap {
    'session.revoked': { familyIds: string[] };
  }
}
export {};
