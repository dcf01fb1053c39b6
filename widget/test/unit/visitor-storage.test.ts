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
});
