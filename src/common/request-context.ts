import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  /** Every HTTP request and socket event has one; it is in the logs and the `X-Request-Id` header. */
  requestId: string;
  /** The client's address (X-Forwarded-For as far as TRUST_PROXY allows). */
  ip: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** What a use case knows of the request it serves without being handed it: its id and client address. */
export const RequestContext = {
  run<T>(scope: Partial<RequestScope>, work: () => T): T {
    return storage.run({ requestId: scope.requestId ?? randomUUID(), ip: scope.ip ?? null }, work);
  },
  current(): RequestScope | undefined {
    return storage.getStore();
  },
  /** Runs `work` outside any request: for callbacks that merely happen to start inside one (a pool's events). */
  outside<T>(work: () => T): T {
    return storage.exit(work);
  },
};
