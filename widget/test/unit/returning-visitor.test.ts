import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatHost } from '../../src/chat-host';
import type { Bootstrap, Conversation } from '../../src/chat/types';
import { needsChat, peekReturning } from '../../src/returning-visitor';
import { conversation } from './fakes';

const boot = (conversations: Conversation[], visitorToken = 'token-1'): Bootstrap => ({
  visitor: { id: 'v-1' },
  visitorToken,
  website: { name: 'Acme' },
  conversations,
});

beforeEach(() => {
  document.title = 'Checkout – Acme';
});

afterEach(() => {
  localStorage.clear();
  vi.unstubAllGlobals();
});

describe('needsChat', () => {
  it('wants the chat for an open conversation, unread messages, or something left to send', () => {
    const closed = conversation('c1', { status: 'closed', lastSeq: 4 });
    expect(needsChat(boot([closed]), { c1: 4 }, false)).toBe(false);
    expect(needsChat(boot([]), {}, false)).toBe(false);
    expect(needsChat(boot([closed]), { c1: 3 }, false)).toBe(true);
    expect(needsChat(boot([closed]), {}, false)).toBe(true);
    expect(needsChat(boot([conversation('c2', { lastSeq: 0 })]), {}, false)).toBe(true);
    expect(needsChat(boot([closed]), { c1: 4 }, true)).toBe(true);
  });
});

/** What the loader hands the peek: its origin, key, element and the page's preset identity. */
function host(element = document.createElement('zendo-chat'), preset?: unknown): ChatHost {
  return { apiOrigin: 'https://api.test', websiteKey: 'pk_test', element, preset } as unknown as ChatHost;
}

describe('peekReturning', () => {
  function api(body: Bootstrap, status = 200) {
    const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status }));
    vi.stubGlobal('fetch', fetch);
    return fetch;
  }

  it('bootstraps with the stored token, exactly the fields the API takes', async () => {
    const fetch = api(boot([]));
    await peekReturning(host(), 'token-1');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://api.test/api/v1/widget/bootstrap');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({
      websiteKey: 'pk_test',
      visitorToken: 'token-1',
      pageUrl: location.href,
      pageTitle: 'Checkout – Acme',
    });
  });

  it('carries the page’s verified identity: the element’s attributes, else window.Zendo.identify', async () => {
    const fetch = api(boot([]));
    const element = document.createElement('zendo-chat');
    element.setAttribute('user-id', 'customer-42');
    element.setAttribute('user-hash', 'a'.repeat(64));
    await peekReturning(host(element, { userId: 'other', userHash: 'b'.repeat(64) }), 'token-1');
    await peekReturning(host(undefined, { userId: 'preset-7', userHash: 'c'.repeat(64), name: 'Ada' }), 'token-1');
    await peekReturning(host(undefined, { userId: 'half a pair' }), 'token-1');
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    const bodies = calls.map(([, init]) => JSON.parse(String(init.body)));
    expect(bodies.map(({ userId, userHash }) => ({ userId, userHash }))).toEqual([
      { userId: 'customer-42', userHash: 'a'.repeat(64) },
      { userId: 'preset-7', userHash: 'c'.repeat(64) },
      { userId: undefined, userHash: undefined },
    ]);
  });

  it('gives the bootstrap back only when the chat is needed', async () => {
    localStorage.setItem('zendo:pk_test:read', '{"c1":4}');
    api(boot([conversation('c1', { status: 'closed', lastSeq: 4 })]));
    expect(await peekReturning(host(), 'token-1')).toBeUndefined();
    const open = boot([conversation('c2')]);
    api(open);
    expect(await peekReturning(host(), 'token-1')).toEqual(open);
  });

  it('notices messages kept unsent by an earlier page', async () => {
    localStorage.setItem('zendo:pk_test:outbox:v-1', '[{}]');
    api(boot([]));
    expect(await peekReturning(host(), 'token-1')).toBeDefined();
  });

  it('stores a token the API replaced, so the next page does not present the old one', async () => {
    api(boot([], 'token-2'));
    await peekReturning(host(), 'token-1');
    expect(localStorage.getItem('zendo:pk_test:visitor')).toBe('token-2');
  });

  it('gives nothing back when the API refuses', async () => {
    api(boot([conversation('c2')]), 401);
    expect(await peekReturning(host(), 'token-1')).toBeUndefined();
    expect(localStorage.getItem('zendo:pk_test:visitor')).toBeNull();
  });
});
