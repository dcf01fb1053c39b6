export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * localStorage when the page may use it; a Map otherwise. Reading
 * `window.localStorage` itself throws in sandboxed frames and with cookies
 * blocked, and writes throw when the quota is full, so every access is guarded
 * and a failing store degrades to memory for the rest of the page's life.
 */
export function browserStore(): KeyValueStore {
  const memory = new Map<string, string>();
  let backing: Storage | undefined;
  try {
    backing = window.localStorage;
  } catch {
    backing = undefined;
  }
  return {
    getItem(key) {
      try {
        if (backing) return backing.getItem(key);
      } catch {
        backing = undefined;
      }
      return memory.get(key) ?? null;
    },
    setItem(key, value) {
      memory.set(key, value);
      try {
        backing?.setItem(key, value);
      } catch {
        backing = undefined;
      }
    },
  };
}

/** What the widget remembers about the visitor, per website key. */
export class VisitorStorage {
  readonly #prefix: string;

  constructor(
    websiteKey: string,
    private readonly store: KeyValueStore = browserStore(),
  ) {
    this.#prefix = `zendo:${websiteKey}:`;
  }

  get token(): string | null {
    return this.store.getItem(this.#prefix + 'visitor');
  }

  set token(value: string | null) {
    if (value) this.store.setItem(this.#prefix + 'visitor', value);
  }

  /** Highest seq the visitor has seen in a conversation; agent messages above it are unread. */
  readSeq(conversationId: string): number {
    return this.#readMap()[conversationId] ?? 0;
  }

  markRead(conversationId: string, seq: number): void {
    const map = this.#readMap();
    if ((map[conversationId] ?? 0) >= seq) return;
    map[conversationId] = seq;
    this.store.setItem(this.#prefix + 'read', JSON.stringify(map));
  }

  #readMap(): Record<string, number> {
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(this.#prefix + 'read') ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
    } catch {
      return {};
    }
  }
}
