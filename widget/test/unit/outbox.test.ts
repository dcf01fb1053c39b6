import { describe, expect, it } from 'vitest';
import { Outbox, TIMEOUT } from '../../src/chat/outbox';

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
});
