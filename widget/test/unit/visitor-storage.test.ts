import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserStore, VisitorStorage } from '../../src/chat/visitor-storage';
import { MemoryStore } from './fakes';

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('VisitorStorage', () => {
  it('keeps the visitor token under a key namespaced by website key', () => {
    const store = new MemoryStore();
    new VisitorStorage('pk_a', store).token = 'token-a';
    new VisitorStorage('pk_b', store).token = 'token-b';
    expect(store.data.get('zendo:pk_a:visitor')).toBe('token-a');
    expect(new VisitorStorage('pk_a', store).token).toBe('token-a');
    expect(new VisitorStorage('pk_b', store).token).toBe('token-b');
    expect(new VisitorStorage('pk_c', store).token).toBeNull();
  });

  it('remembers the highest seq read per conversation, never going back', () => {
    const storage = new VisitorStorage('pk_a', new MemoryStore());
    expect(storage.readSeq('c1')).toBe(0);
    storage.markRead('c1', 5);
    storage.markRead('c1', 3);
    expect(storage.readSeq('c1')).toBe(5);
    expect(storage.readSeq('c2')).toBe(0);
  });

  it('survives garbage in the read map', () => {
    const store = new MemoryStore();
    store.setItem('zendo:pk_a:read', '{nope');
    expect(new VisitorStorage('pk_a', store).readSeq('c1')).toBe(0);
  });
});

describe('VisitorStorage outbox', () => {
  const pending = (n: number) => ({
    clientMessageId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    conversationId: 'c1',
    body: `message ${n}`,
    state: 'pending' as const,
  });

  it('keeps unsent messages per website and visitor, and forgets them once all are sent', () => {
    const store = new MemoryStore();
    const a = new VisitorStorage('pk_a', store);
    a.writeOutbox('v-1', [pending(1)]);
    new VisitorStorage('pk_b', store).writeOutbox('v-1', [pending(2)]);
    expect(JSON.parse(store.data.get('zendo:pk_a:outbox:v-1')!)).toEqual([pending(1)]);
    expect(new VisitorStorage('pk_a', store).readOutbox('v-1')).toEqual([pending(1)]);
    expect(a.readOutbox('v-2')).toEqual([]);
    expect(new VisitorStorage('pk_b', store).readOutbox('v-1')).toEqual([pending(2)]);
    a.writeOutbox('v-1', []);
    expect(store.data.has('zendo:pk_a:outbox:v-1')).toBe(false);
  });

  it('stores at most 50, and reads back garbage as nothing', () => {
    const store = new MemoryStore();
    const storage = new VisitorStorage('pk_a', store);
    storage.writeOutbox(
      'v-1',
      Array.from({ length: 60 }, (_, i) => pending(i)),
    );
    expect(JSON.parse(store.data.get('zendo:pk_a:outbox:v-1')!)).toHaveLength(50);
    store.setItem('zendo:pk_a:outbox:v-1', '{oops');
    expect(storage.readOutbox('v-1')).toEqual([]);
  });
});

describe('browserStore', () => {
  it('uses localStorage when it works', () => {
    browserStore().setItem('k', 'v');
    expect(localStorage.getItem('k')).toBe('v');
  });

  it('falls back to memory when reading window.localStorage throws (sandboxed frame, cookies blocked)', () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    const store = browserStore();
    const storage = new VisitorStorage('pk_a', store);
    expect(storage.token).toBeNull();
    storage.token = 'token-a';
    expect(storage.token).toBe('token-a');
  });

  it('falls back to memory when writes start throwing (quota)', () => {
    const store = browserStore();
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    store.setItem('zendo:pk_a:visitor', 'token-a');
    expect(store.getItem('zendo:pk_a:visitor')).toBe('token-a');
  });

  it('keeps reading what storage holds after one write was refused', () => {
    localStorage.setItem('zendo:pk_a:read', '{"c1":4}');
    const storage = new VisitorStorage('pk_a', browserStore());
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    storage.writeOutbox('v-1', [
      { clientMessageId: '00000000-0000-4000-8000-000000000001', conversationId: 'c1', body: 'hi', state: 'pending' },
    ]);
    expect(storage.readOutbox('v-1')).toHaveLength(1);
    expect(storage.readSeq('c1')).toBe(4);
  });
});
