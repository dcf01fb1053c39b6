/** What the visitors module announces (see common/domain-events). */
declare module '../common/domain-events' {
  interface DomainEventMap {
    /** A visitor was erased: their tokens are gone; their open sockets should close. */
    'visitor.erased': { websiteId: string; visitorId: string };
    /** Tokens that named `visitorId` now name another visitor (a verified user seen on this device). */
    'visitor.tokens-moved': { websiteId: string; visitorId: string };
  }
}

export {};
