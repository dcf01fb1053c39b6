import type { Message } from './types';

export interface Merged {
  /** Ascending by seq, one entry per id. Same array as before when nothing was added. */
  list: Message[];
  /** Messages that were not in the list before, ascending by seq. */
  added: Message[];
}

/** Adds messages to a conversation's list, dropping ids it already holds. */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Merged {
  const known = new Set(list.map((m) => m.id));
  const added: Message[] = [];
  for (const message of incoming) {
    if (known.has(message.id)) continue;
    known.add(message.id);
    added.push(message);
  }
  if (!added.length) return { list: list as Message[], added };
  added.sort(bySeq);
  return { list: [...list, ...added].sort(bySeq), added };
}

/** The highest seq held: what to ask for with `afterSeq` on a catch-up. */
export function lastSeq(list: readonly Message[]): number {
  return list.length ? list[list.length - 1].seq : 0;
}

/** True when `message` leaves a hole after `list` (seq is gapless per conversation). */
export function leavesGap(list: readonly Message[], message: Message): boolean {
  return message.seq > lastSeq(list) + 1;
}

/** Messages from the other side (agent or system) after `readSeq`. */
export function countUnread(list: readonly Message[], readSeq: number): number {
  return list.filter((m) => m.seq > readSeq && m.sender.type !== 'visitor').length;
}

function bySeq(a: Message, b: Message): number {
  return a.seq - b.seq;
}
