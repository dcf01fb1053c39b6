import { describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { MAX_STORED, Outbox, storedMessages, TIMEOUT, type PendingMessage } from '../../src/chat/outbox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('Outbox', () => {
  it('queues messages as pending with a fresh UUID each, oldest first', () => {
    const outbox = new Outbox();
    const a = outbox.add('c1', 'one');
    const b = outbox.add('c1', 'two');
    expect(a.clientMessageId).toMatch(UUID);
    expect(b.clientMessageId).not.toBe(a.clientMessageId);
    expect(outbox.next()).toBe(a);
    expect(outbox.items.map((m) => m.state)).toEqual(['pending', 'pending']);
  });

  it('keeps the clientMessageId through failure and retry', () => {
    const outbox = new Outbox();
    const { clientMessageId } = outbox.add('c1', 'hi');
    outbox.fail(clientMessageId, 'RATE_LIMITED');
    expect(outbox.next()).toBeUndefined();
    expect(outbox.items[0]).toMatchObject({ clientMessageId, state: 'failed', error: 'RATE_LIMITED' });
    outbox.retry(clientMessageId);
    expect(outbox.next()).toMatchObject({ clientMessageId, state: 'pending' });
  });

  it('puts timed-out messages back in line after a reconnect, but not refused ones', () => {
    const outbox = new Outbox();
    const lost = outbox.add('c1', 'lost');
    const refused = outbox.add('c1', 'refused');
    outbox.fail(lost.clientMessageId, TIMEOUT);
    outbox.fail(refused.clientMessageId, 'VALIDATION_FAILED');
    outbox.resume();
    expect(outbox.next()?.clientMessageId).toBe(lost.clientMessageId);
    expect(outbox.items[1].state).toBe('failed');
  });

  it('hands messages written before a conversation existed to the one that was opened', () => {
    const outbox = new Outbox();
    outbox.add(null, 'first');
    outbox.add('other', 'elsewhere');
    outbox.adopt('new-conversation');
    expect(outbox.items.map((m) => m.conversationId)).toEqual(['new-conversation', 'other']);
  });

  it('settles a message once, by clientMessageId', () => {
    const outbox = new Outbox();
    const { clientMessageId } = outbox.add('c1', 'hi');
    expect(outbox.settle(clientMessageId)).toBe(true);
    expect(outbox.settle(clientMessageId)).toBe(false);
    expect(outbox.items).toEqual([]);
  });

  it('takes back stored messages behind its own, same ids, and sends what timed out again', () => {
    const outbox = new Outbox();
    const mine = outbox.add('c1', 'written now');
    const stored: PendingMessage[] = [
      { clientMessageId: ID(1), conversationId: 'c1', body: 'lost', state: 'failed', error: TIMEOUT },
      { clientMessageId: ID(2), conversationId: null, body: 'first of a new one', state: 'pending' },
      { clientMessageId: ID(3), conversationId: 'c1', body: 'refused', state: 'failed', error: 'VALIDATION_FAILED' },
      { ...mine },
    ];
    outbox.restore(stored);
    expect(outbox.items.map((m) => [m.clientMessageId, m.state])).toEqual([
      [mine.clientMessageId, 'pending'],
      [ID(1), 'pending'],
      [ID(2), 'pending'],
      [ID(3), 'failed'],
    ]);
  });

  it('reports every change, and only changes', () => {
    const changed = vi.fn();
    const outbox = new Outbox(changed);
    const { clientMessageId } = outbox.add(null, 'hi');
    outbox.adopt('c1');
    outbox.fail(clientMessageId, TIMEOUT);
    outbox.resume();
    expect(changed).toHaveBeenCalledTimes(4);
    outbox.settle('not-there');
    outbox.adopt('c2');
    outbox.restore([]);
    expect(changed).toHaveBeenCalledTimes(4);
    outbox.settle(clientMessageId);
    expect(changed).toHaveBeenLastCalledWith([]);
  });
});

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('storedMessages', () => {
  const good = { clientMessageId: ID(1), conversationId: 'c1', body: 'hi', state: 'pending' };

  it('keeps well-formed messages with exactly their fields', () => {
    expect(
      storedMessages([
        { ...good, extra: 'x' },
        { ...good, clientMessageId: ID(2), error: 'TIMEOUT' },
      ]),
    ).toEqual([good, { ...good, clientMessageId: ID(2), error: 'TIMEOUT' }]);
  });

  it('drops anything malformed or longer than the server takes', () => {
    expect(storedMessages('nope')).toEqual([]);
    expect(
      storedMessages([
        null,
        42,
        { ...good, clientMessageId: 'x' },
        { ...good, conversationId: 7 },
        { ...good, body: '   ' },
        { ...good, body: 'x'.repeat(5001) },
        { ...good, state: 'sent' },
        { ...good, error: 3 },
      ]),
    ).toEqual([]);
    expect(storedMessages([{ ...good, body: 'x'.repeat(5000) }])).toHaveLength(1);
  });

  it(`keeps the oldest ${MAX_STORED}`, () => {
    const many = Array.from({ length: 80 }, (_, i) => ({ ...good, clientMessageId: ID(i), body: `m${i}` }));
    const kept = storedMessages(many);
    expect(kept).toHaveLength(MAX_STORED);
    expect(kept.at(-1)?.body).toBe(`m${MAX_STORED - 1}`);
  });
});
