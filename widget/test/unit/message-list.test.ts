import { describe, expect, it } from 'vitest';
import { countUnread, lastSeq, leavesGap, mergeMessages } from '../../src/chat/message-list';
import { message } from './fakes';

describe('mergeMessages', () => {
  it('orders by seq whatever the arrival order', () => {
    const [m1, m2, m3] = [message('c', 1), message('c', 2), message('c', 3)];
    const { list } = mergeMessages([m2], [m3, m1]);
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('keeps one copy of a message delivered twice', () => {
    const m1 = message('c', 1);
    const m2 = message('c', 2);
    const first = mergeMessages([], [m1, m2]);
    const again = mergeMessages(first.list, [{ ...m2 }, m1, { ...m2 }]);
    expect(again.list).toHaveLength(2);
    expect(again.added).toEqual([]);
    expect(again.list).toBe(first.list);
  });

  it('deduplicates within one batch and reports only what was new', () => {
    const m1 = message('c', 1);
    const m2 = message('c', 2);
    const { list, added } = mergeMessages([m1], [m2, { ...m2 }, m1]);
    expect(list.map((m) => m.id)).toEqual([m1.id, m2.id]);
    expect(added).toEqual([m2]);
  });
});

describe('sequence helpers', () => {
  it('finds the last seq and gaps', () => {
    const list = [message('c', 1), message('c', 2)];
    expect(lastSeq([])).toBe(0);
    expect(lastSeq(list)).toBe(2);
    expect(leavesGap(list, message('c', 3))).toBe(false);
    expect(leavesGap(list, message('c', 5))).toBe(true);
  });

  it('counts agent and system messages after the read mark as unread, never the visitor’s own', () => {
    const list = [
      message('c', 1),
      message('c', 2, { sender: { type: 'visitor', id: 'v' } }),
      message('c', 3),
      message('c', 4, { sender: { type: 'system', id: null } }),
    ];
    expect(countUnread(list, 0)).toBe(3);
    expect(countUnread(list, 1)).toBe(2);
    expect(countUnread(list, 4)).toBe(0);
  });
});
