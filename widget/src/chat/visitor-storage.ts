import { storageKey } from '../storage-key';
import { MAX_STORED, storedMessages, type PendingMessage } from './outbox';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * localStorage when the page may use it, with memory in front of it for what
 * it refuses. Reading `window.localStorage` itself throws in sandboxed frames
 * and with cookies blocked, and writes throw when the quota is full, so every
 * access is guarded: a write that fails is kept in memory for the rest of the
 * page's life, and everything else is still read from storage.
 */
export function browserStore(): KeyValueStore {
  /** Values the browser would not store; null where a removal failed. */
  const memory = new Map<string, string | null>();
  let backing: Storage | undefined;
  try {
    backing = window.localStorage;
  } catch {
    backing = undefined;
  }
  const write = (key: string, value: string | null) => {
    try {
      if (!backing) throw new Error('no localStorage');
      if (value === null) backing.removeItem(key);
      else backing.setItem(key, value);
      memory.delete(key);
    } catch {
      memory.set(key, value);
    }
  };
  return {
    getItem(key) {
      if (memory.has(key)) return memory.get(key) ?? null;
      try {
        return backing?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    setItem: write,
    removeItem: (key) => write(key, null),
  };
}

/** What the widget remembers about the visitor, per website key. */
export class VisitorStorage {
  readonly #key: (name: string) => string;

  constructor(
    websiteKey: string,
    private readonly store: KeyValueStore = browserStore(),
  ) {
    this.#key = (name) => storageKey(websiteKey, name);
  }

  get token(): string | null {
    return this.store.getItem(this.#key('visitor'));
  }

  /** null forgets it: the next bootstrap makes a new visitor. */
  set token(value: string | null) {
    if (value) this.store.setItem(this.#key('visitor'), value);
    else this.store.removeItem(this.#key('visitor'));
  }

  /** Highest seq the visitor has seen in a conversation; agent messages above it are unread. */
  readSeq(conversationId: string): number {
    return this.#readMap()[conversationId] ?? 0;
  }

  markRead(conversationId: string, seq: number): void {
    const map = this.#readMap();
    if ((map[conversationId] ?? 0) >= seq) return;
    map[conversationId] = seq;
    this.store.setItem(this.#key('read'), JSON.stringify(map));
  }

  /** A conversation that is gone (deleted): nothing about it stays. */
  forget(conversationId: string): void {
    const map = this.#readMap();
    if (!(conversationId in map)) return;
    delete map[conversationId];
    this.store.setItem(this.#key('read'), JSON.stringify(map));
  }

  /** The visitor's unsent messages as the last page left them. */
  readOutbox(visitorId: string): PendingMessage[] {
    try {
      return storedMessages(JSON.parse(this.store.getItem(this.#outboxKey(visitorId)) ?? '[]'));
    } catch {
      return [];
    }
  }

  /** Keeps the oldest MAX_STORED unsent messages for the next page; nothing once all are sent. */
  writeOutbox(visitorId: string, items: readonly PendingMessage[]): void {
    const key = this.#outboxKey(visitorId);
    if (items.length) this.store.setItem(key, JSON.stringify(storedMessages(items.slice(0, MAX_STORED))));
    else this.store.removeItem(key);
  }

  #outboxKey(visitorId: string): string {
    return this.#key(`outbox:${visitorId}`);
  }

  #readMap(): Record<string, number> {
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(this.#key('read')) ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
    } catch {
      return {};
    }
  }
}
