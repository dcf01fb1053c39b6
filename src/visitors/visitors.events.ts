/** What the visitors module announces (see common/domain-events). */
declare module '../common/domain-events' {
  interface DomainEventMap {
    /** A visitor was erased: their tokens are gone; their open sockets should close. */
    'visitor.erased': { websiteId: string; visitorId: string };
  }
}

export {};
