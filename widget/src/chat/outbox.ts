import { newClientMessageId } from './client-message-id';
import { MAX_BODY } from './types';

export interface PendingMessage {
  /** Chosen once; every retry sends the same id, so the server stores the message once. */
  readonly clientMessageId: string;
  /** null until the first delivery opens a conversation. */
  conversationId: string | null;
  readonly body: string;
  state: 'pending' | 'failed';
  /** Why the last attempt failed: a server error code, or TIMEOUT. */
  error?: string;
}

/** Ack never came although the socket stayed up; likely lost, so retried after a reconnect too. */
export const TIMEOUT = 'TIMEOUT';

/** How many unsent messages survive a reload: the oldest ones, which go first. */
export const MAX_STORED = 50;

/**
 * The visitor's messages not yet acknowledged, in the order they were written.
 * `changed` hears every change, to keep a copy that survives a reload.
 */
export class Outbox {
  #items: PendingMessage[] = [];

  constructor(private readonly changed: (items: readonly PendingMessage[]) => void = () => undefined) {}

  get items(): readonly PendingMessage[] {
    return this.#items;
  }

  add(conversationId: string | null, body: string, id = newClientMessageId()): PendingMessage {
    const item: PendingMessage = { clientMessageId: id, conversationId, body, state: 'pending' };
    this.#set([...this.#items, item]);
    return item;
  }

  /**
   * Takes back messages kept from an earlier page, behind any already here,
   * with their original ids; what timed out then goes again.
   */
  restore(stored: readonly PendingMessage[]): void {
    const known = new Set(this.#items.map((m) => m.clientMessageId));
    const returning = stored
      .filter((m) => !known.has(m.clientMessageId))
      .map((m): PendingMessage => (m.error === TIMEOUT ? { ...m, state: 'pending', error: undefined } : { ...m }));
    if (returning.length) this.#set([...this.#items, ...returning]);
  }

  /** The oldest message waiting to be delivered. */
  next(): PendingMessage | undefined {
    return this.#items.find((m) => m.state === 'pending');
  }

  /** Removes a message once the server has it (ack, or its own broadcast arrived first). */
  settle(clientMessageId: string | null): boolean {
    const before = this.#items.length;
    this.#set(this.#items.filter((m) => m.clientMessageId !== clientMessageId));
    return this.#items.length !== before;
  }

  fail(clientMessageId: string, error: string): void {
    this.#update(clientMessageId, (m) => ({ ...m, state: 'failed', error }));
  }

  retry(clientMessageId: string): void {
    this.#update(clientMessageId, (m) => ({ ...m, state: 'pending', error: undefined }));
  }

  /** After a reconnect: whatever timed out on the old connection goes again. */
  resume(): void {
    this.#set(this.#items.map((m) => (m.error === TIMEOUT ? { ...m, state: 'pending', error: undefined } : m)));
  }

  /** Drops what was waiting for `conversationId` (it was deleted), or everything when null (the visitor is gone). */
  discard(conversationId: string | null): void {
    this.#set(conversationId ? this.#items.filter((m) => m.conversationId !== conversationId) : []);
  }

  /** Messages written before their conversation existed belong to it once it does. */
  adopt(conversationId: string): void {
    this.#set(this.#items.map((m) => (m.conversationId ? m : { ...m, conversationId })));
  }

  #update(clientMessageId: string, change: (m: PendingMessage) => PendingMessage): void {
    this.#set(this.#items.map((m) => (m.clientMessageId === clientMessageId ? change(m) : m)));
  }

  #set(items: PendingMessage[]): void {
    const same = items.length === this.#items.length && items.every((m, i) => m === this.#items[i]);
    this.#items = items;
    if (!same) this.changed(items);
  }
}

/**
 * Messages read back from storage, trusting nothing: anything malformed or
 * longer than the server accepts is dropped, and at most MAX_STORED are kept.
 */
export function storedMessages(value: unknown): PendingMessage[] {
  if (!Array.isArray(value)) return [];
  const valid = value.filter(
    (m: Partial<PendingMessage> | null): m is PendingMessage =>
      typeof m === 'object' &&
      m !== null &&
      typeof m.clientMessageId === 'string' &&
      /^[0-9a-f-]{36}$/i.test(m.clientMessageId) &&
      (m.conversationId === null || typeof m.conversationId === 'string') &&
      typeof m.body === 'string' &&
      m.body.trim().length > 0 &&
      m.body.length <= MAX_BODY &&
      (m.state === 'pending' || m.state === 'failed') &&
      (m.error === undefined || typeof m.error === 'string'),
  );
  return valid.slice(0, MAX_STORED).map(({ clientMessageId, conversationId, body, state, error }) => ({
    clientMessageId,
    conversationId,
    body,
    state,
    ...(error !== undefined && { error }),
  }));
}
