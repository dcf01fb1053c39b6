import type { Actor } from '../common/auth/actor';
import {
  mayAssign,
  systemText,
  decodeCursor,
  encodeCursor,
  judgeAppend,
  mustBeAgent,
  mustBeVisitor,
  senderOf,
  whenClosed,
} from './conversation-rules';

const visitor: Actor = { type: 'visitor', id: 'v1', websiteId: 'w1' };
const agent: Actor = { type: 'agent', id: 'a1' };
const open = { wasClosed: false, lastSeq: 4 };
const closed = { wasClosed: true, lastSeq: 4 };

describe('conversation rules', () => {
  describe('a closed conversation', () => {
    it('is reopened by a visitor’s message and refuses an agent’s', () => {
      expect(whenClosed(visitor)).toBe('reopen');
      expect(whenClosed(agent)).toBe('refuse');
    });

    it('answers an agent’s message the statement judged closed with CONVERSATION_CLOSED', () => {
      expect(() => judgeAppend('closed', closed, null)).toThrow(
        expect.objectContaining({ code: 'CONVERSATION_CLOSED' }),
      );
    });

    it('counts as reopened by the first message the batch added to it, not by the ones after', () => {
      expect(judgeAppend('new', closed, 5)).toEqual({ created: true, reopened: true });
      expect(judgeAppend('new', closed, 6)).toEqual({ created: true, reopened: false });
      expect(judgeAppend('new', open, 5)).toEqual({ created: true, reopened: false });
    });
  });

  describe('a replayed clientMessageId', () => {
    it('answers the stored message and writes nothing, whether stored before or earlier in the batch', () => {
      expect(judgeAppend('stored', open, 3)).toEqual({ created: false, reopened: false });
      expect(judgeAppend('again', closed, 5)).toEqual({ created: false, reopened: false });
    });
  });

  describe('scope', () => {
    it('answers a conversation outside the sender’s reach NOT_FOUND, as if it did not exist', () => {
      expect(() => judgeAppend('not_found', { wasClosed: null, lastSeq: null }, null)).toThrow(
        expect.objectContaining({ code: 'NOT_FOUND', status: 404 }),
      );
    });

    it('lets only visitors open conversations and only agents reopen or assign them', () => {
      expect(() => mustBeVisitor(visitor, 'open')).not.toThrow();
      expect(() => mustBeVisitor(agent, 'open')).toThrow(expect.objectContaining({ code: 'FORBIDDEN', status: 403 }));
      expect(() => mustBeAgent(agent, 'reopen')).not.toThrow();
      expect(() => mustBeAgent(visitor, 'reopen')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('writes as the actor: type and id, nothing the client chose', () => {
      expect(senderOf(visitor)).toEqual({ type: 'visitor', id: 'v1' });
      expect(senderOf(agent)).toEqual({ type: 'agent', id: 'a1' });
    });
  });

  describe('inbox cursors', () => {
    it('give back what they were made of', () => {
      const cursor = { at: '1764000000123456', id: '6f1c3f4e-0000-4000-8000-000000000000' };
      expect(decodeCursor(encodeCursor(cursor)!)).toEqual(cursor);
      expect(encodeCursor(null)).toBeNull();
      expect(decodeCursor(undefined)).toBeUndefined();
    });

    it.each([
      ['garbage', 'garbage'],
      ['a date', Buffer.from('2020-01-01|6f1c3f4e-0000-4000-8000-000000000000').toString('base64url')],
      ['past any date', Buffer.from(`${'9'.repeat(20)}|6f1c3f4e-0000-4000-8000-000000000000`).toString('base64url')],
      ['three parts', Buffer.from('1|6f1c3f4e-0000-4000-8000-000000000000|x').toString('base64url')],
    ])('refuse one this server did not write (%s)', (_name, raw) => {
      expect(() => decodeCursor(raw)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    });
  });

  describe('assignment', () => {
    const agent = { id: 'a1', role: 'agent' as const };
    it.each([
      ['takes an unassigned one for themselves', null, 'a1', true],
      ['gives back their own', 'a1', null, true],
      ['keeps their own', 'a1', 'a1', true],
      ['gives an unassigned one to someone else', null, 'a2', false],
      ['takes someone else’s', 'a2', 'a1', false],
      ['unassigns someone else’s', 'a2', null, false],
      ['passes their own to someone else', 'a1', 'a2', false],
    ])('an agent-role member %s: %s', (_name, current, next, allowed) => {
      expect(mayAssign(agent, current, next)).toBe(allowed);
    });

    it('lets owners and admins assign anyone or nobody', () => {
      for (const role of ['owner', 'admin'] as const) {
        expect(mayAssign({ id: 'a1', role }, 'a2', 'a3')).toBe(true);
        expect(mayAssign({ id: 'a1', role }, 'a2', null)).toBe(true);
      }
    });

    it('says in words who did what', () => {
      expect(systemText({ kind: 'assigned', by: 'Ann', to: 'Bo' })).toBe('Ann assigned the conversation to Bo');
      expect(systemText({ kind: 'assigned', by: null, to: 'Bo' })).toBe('Assigned to Bo (round robin)');
      expect(systemText({ kind: 'unassigned', by: 'Ann', from: 'Bo' })).toBe('Ann unassigned Bo');
      expect(systemText({ kind: 'unassigned', by: 'Ann', from: 'Ann' })).toBe('Ann unassigned the conversation');
      expect(systemText({ kind: 'closed', by: null })).toBe('The visitor closed the conversation');
      expect(systemText({ kind: 'left', who: 'Bo' })).toBe(
        'Bo is no longer on the team; the conversation is unassigned',
      );
    });
  });
});
