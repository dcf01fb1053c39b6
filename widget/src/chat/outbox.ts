import { newClientMessageId } from './client-message-id';

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

/** The visitor's messages not yet acknowledged, in the order they were written. */
export class Outbox {
  #items: PendingMessage[] = [];

  get items(): readonly PendingMessage[] {
    return this.#items;
  }

  add(conversationId: string | null, body: string, id = newClientMessageId()): PendingMessage {
    const item: PendingMessage = { clientMessageId: id, conversationId, body, state: 'pending' };
    this.#items = [...this.#items, item];
    return item;
  }

  /** The oldest message waiting to be delivered. */
  next(): PendingMessage | undefined {
    return this.#items.find((m) => m.state === 'pending');
  }

  /** Removes a message once the server has it (ack, or its own broadcast arrived first). */
  settle(clientMessageId: string | null): boolean {
    const before = this.#items.length;
    this.#items = this.#items.filter((m) => m.clientMessageId !== clientMessageId);
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
    this.#items = this.#items.map((m) => (m.error === TIMEOUT ? { ...m, state: 'pending', error: undefined } : m));
  }

  /** Messages written before their conversation existed belong to it once it does. */
  adopt(conversationId: string): void {
    this.#items = this.#items.map((m) => (m.conversationId ? m : { ...m, conversationId }));
  }

  #update(clientMessageId: string, change: (m: PendingMessage) => PendingMessage): void {
    this.#items = this.#items.map((m) => (m.clientMessageId === clientMessageId ? change(m) : m));
  }
}
