import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatHost } from '../../src/chat-host';
import type { ConnectionHandlers, VisitorAuth } from '../../src/chat/chat-connection';
import { mount } from '../../src/chat/index';
import * as ar from '../../src/i18n/ar';
import * as de from '../../src/i18n/de';
import { conversation, fakeBackend, FakeConnection, flush, message } from './fakes';

const sockets = vi.hoisted(() => ({ all: [] as unknown[] }));
vi.mock('../../src/chat/chat-connection', () => ({
  connectSocket: async (_origin: string, auth: () => VisitorAuth, handlers: ConnectionHandlers) => {
    const connection = new FakeConnection(handlers, auth);
    sockets.all.push(connection);
    return connection;
  },
}));

const XSS = '<img src=x onerror=alert(1)>';

// A language whose chunk fails to load, as on a flaky connection.
vi.mock('../../src/i18n/es', () => {
  throw new TypeError('Failed to fetch dynamically imported module');
});

/** The loader's element as the chat sees it: its nodes, and the launcher it redraws. */
function fakeHost(attributes: Record<string, string> = {}) {
  const element = document.createElement('div');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  const root = element.attachShadow({ mode: 'open' });
  const frame = document.createElement('div');
  const panel = document.createElement('div');
  const body = document.createElement('div');
  const live = document.createElement('div');
  panel.setAttribute('role', 'dialog');
  panel.tabIndex = -1;
  panel.append(body);
  frame.append(panel, live);
  root.append(frame);
  const host = {
    websiteKey: 'pk_test',
    apiOrigin: 'https://api.test',
    lang: '',
    element,
    root,
    frame,
    panel,
    body,
    live,
    isOpen: () => true,
    close: vi.fn(),
    launcher: vi.fn<ChatHost['launcher']>(),
  } satisfies ChatHost;
  return host;
}

async function open(options: Parameters<typeof fakeBackend>[0] = {}) {
  const backend = fakeBackend(options);
  vi.stubGlobal('fetch', backend.fetch);
  const host = fakeHost();
  const app = mount(host, 'open');
  app.opened();
  await flush();
  await flush();
  const connection = sockets.all.at(-1) as FakeConnection;
  connection.up();
  await flush();
  const $ = <E extends Element = HTMLElement>(selector: string) => host.root.querySelector<E>(selector);
  const $$ = (selector: string) => [...host.root.querySelectorAll(selector)];
  return { backend, host, app, connection, $, $$ };
}

function type(textarea: HTMLTextAreaElement, text: string, key = 'Enter', shiftKey = false) {
  textarea.value = text;
  textarea.dispatchEvent(new Event('input'));
  textarea.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true }));
}

beforeEach(() => {
  sockets.all.length = 0;
  localStorage.clear();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('chat panel', () => {
  it('renders the site name, its greeting and the themable parts', async () => {
    const { $, host } = await open();
    expect($('h2')?.textContent).toBe('Acme');
    expect($('.log')?.textContent).toContain('Hello from Acme');
    expect($('[part="composer"] textarea')?.getAttribute('aria-label')).toBe('Message');
    expect($('[part="send"]')?.getAttribute('aria-label')).toBe('Send');
    expect(host.frame.classList.contains('left')).toBe(true);
    expect(host.root.adoptedStyleSheets.length).toBe(2);
  });

  it('takes the site’s position unless the page set one on the element', async () => {
    const backend = fakeBackend();
    vi.stubGlobal('fetch', backend.fetch);
    const placed = fakeHost({ position: 'right' });
    mount(placed, 'open').opened();
    await vi.waitFor(() => expect(placed.root.querySelector('h2')).not.toBeNull());
    expect(placed.frame.classList.contains('left')).toBe(false);
  });

  it('renders message bodies as text, never as markup', async () => {
    const { $, $$, host } = await open({
      conversations: [conversation('c1')],
      messages: [message('c1', 1, { body: XSS })],
    });
    expect($$('img')).toHaveLength(0);
    expect($$('[onerror]')).toHaveLength(0);
    expect($('[part="message"] .text')?.textContent).toBe(XSS);
    expect(host.root.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows a deleted message as “Message deleted” in its place, and takes it off the live region', async () => {
    const { $$, host, connection } = await open({
      conversations: [conversation('c1')],
      messages: [
        message('c1', 1, { body: 'first' }),
        message('c1', 2, { body: '', deletedAt: '2025-01-02T00:00:00Z' }),
      ],
    });
    const reply = message('c1', 3, { body: 'a reply I regret' });
    connection.push('message:new', { message: reply });
    await flush();
    expect(host.live.textContent).toContain('a reply I regret');

    connection.push('message:deleted', { conversationId: 'c1', messageId: reply.id, seq: 3 });
    await flush();
    const texts = $$('[part="message"] .text').map((el) => [el.textContent, el.classList.contains('deleted')]);
    expect(texts).toEqual([
      ['first', false],
      ['Message deleted', true],
      ['Message deleted', true],
    ]);
    expect(host.root.innerHTML).not.toContain('a reply I regret');
    expect(host.live.textContent).toBe('');
  });

  it('lets the visitor start anew when their conversation is deleted', async () => {
    const { $, $$, connection } = await open({
      conversations: [conversation('c1')],
      messages: [message('c1', 1, { body: 'secret plans' })],
    });
    connection.push('conversation:deleted', { conversationId: 'c1' });
    await flush();
    expect($$('.log .text').map((el) => el.textContent)).toEqual(['Hello from Acme']);
    expect($('textarea')).not.toBeNull();
  });

  it('keeps the draft in the composer while a dead token is replaced by a new visitor', async () => {
    const { $, backend, connection } = await open({ conversations: [conversation('c1')] });
    const textarea = $<HTMLTextAreaElement>('textarea')!;
    textarea.focus();
    textarea.value = 'half a sentence';
    backend.state.token = 'visitor-token-2';
    connection.handlers.refused('UNAUTHORIZED');
    await flush();
    await flush();
    expect(backend.state.requests.filter((r) => r.url.pathname.endsWith('/bootstrap'))).toHaveLength(2);
    expect(sockets.all.at(-1)).not.toBe(connection);
    expect($<HTMLTextAreaElement>('textarea')).toBe(textarea);
    expect(textarea.value).toBe('half a sentence');
  });

  it('uses no inline style attributes', async () => {
    const { $$ } = await open({ conversations: [conversation('c1')], messages: [message('c1', 1)] });
    expect($$('[style]')).toHaveLength(0);
  });

  it('sends on Enter, keeps a newline on Shift+Enter, and shows the message pending until acked', async () => {
    const { $, connection } = await open();
    const textarea = $<HTMLTextAreaElement>('textarea')!;
    type(textarea, 'line one', 'Enter', true);
    await flush();
    expect(connection.requests).toHaveLength(0);

    type(textarea, 'Hi <b>there</b>');
    await flush();
    expect(textarea.value).toBe('');
    const [request] = connection.requests;
    expect(request.payload.body).toBe('Hi <b>there</b>');
    expect($('.pending')?.textContent).toContain('Sending…');
    expect($('.pending b')).toBeNull();

    connection.answer({
      ok: true,
      conversation: conversation('c-new'),
      message: message('c-new', 1, {
        sender: { type: 'visitor', id: 'v-1' },
        body: 'Hi <b>there</b>',
        clientMessageId: request.payload.clientMessageId as string,
      }),
    });
    await flush();
    expect($('.pending')).toBeNull();
    expect($('.m.visitor .text')?.textContent).toBe('You: Hi <b>there</b>');
  });

  it('offers Retry on a refused message and resends it with the same id', async () => {
    const { $, connection } = await open({ conversations: [conversation('c1')] });
    type($<HTMLTextAreaElement>('textarea')!, 'hello');
    await flush();
    const { payload } = connection.answer({ ok: false, error: { code: 'RATE_LIMITED' } });
    await flush();
    expect($('.failed')?.textContent).toContain('Not sent.');
    $<HTMLButtonElement>('.failed button')!.click();
    await flush();
    expect(connection.requests[0].payload.clientMessageId).toBe(payload.clientMessageId);
  });

  it('says when it is reconnecting, and only then', async () => {
    const { $, connection } = await open({ conversations: [conversation('c1')] });
    expect($('.bar')).toBeNull();
    connection.drop();
    await flush();
    expect($('.bar[role="status"]')?.textContent).toBe('Reconnecting…');
    connection.up();
    await flush();
    expect($('.bar')).toBeNull();
  });

  it('announces incoming messages as text and dispatches zendo:message on the element', async () => {
    const { connection, host, $ } = await open({ conversations: [conversation('c1')] });
    const seen = vi.fn();
    document.addEventListener('zendo:message', seen);
    const incoming = message('c1', 1, { body: XSS });
    connection.push('message:new', { message: incoming });
    await flush();
    document.removeEventListener('zendo:message', seen);
    const event = seen.mock.calls[0][0] as CustomEvent;
    expect(event.target).toBe(host.element);
    expect(event.detail).toEqual(incoming);
    expect(event.bubbles && event.composed).toBe(true);
    expect(host.live.textContent).toBe(`Ada: ${XSS}`);
    expect(host.live.querySelector('img')).toBeNull();
    expect($('.name')?.textContent).toBe('Ada');
  });

  it('shows a closed conversation as ended, with a way to start a new one', async () => {
    const { $ } = await open({
      conversations: [conversation('c1', { status: 'closed' })],
      messages: [message('c1', 1)],
    });
    expect($('.ended')?.textContent).toContain('This conversation has ended.');
    expect($('textarea')).toBeNull();
    $<HTMLButtonElement>('.ended button')!.click();
    await flush();
    expect($('.ended')).toBeNull();
    expect($('textarea')).not.toBeNull();
    expect($('.log')?.textContent).toContain('Hello from Acme');
  });

  it('lists the visitor’s conversations and switches between them', async () => {
    const { $, $$ } = await open({
      conversations: [conversation('c1'), conversation('c2', { status: 'closed' })],
      messages: [message('c1', 1, { body: 'in one' }), message('c2', 1, { body: 'in two' })],
    });
    $<HTMLButtonElement>('[aria-label="All conversations"]')!.click();
    await flush();
    const items = $$('.conv');
    expect(items.map((b) => b.textContent?.includes('Ended'))).toEqual([false, true]);
    (items[1] as HTMLButtonElement).click();
    await flush();
    await flush();
    expect($('.log')?.textContent).toContain('in two');
  });

  it('shows a friendly error with a retry when the API cannot be reached', async () => {
    const backend = fakeBackend();
    backend.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    vi.stubGlobal('fetch', backend.fetch);
    const host = fakeHost();
    mount(host, 'open').opened();
    await flush();
    await flush();
    expect(host.root.querySelector('[role="alert"]')?.textContent).toContain('can’t reach the chat');
    host.root.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await flush();
    await flush();
    expect(host.root.querySelector('h2')?.textContent).toBe('Acme');
    expect(host.root.querySelector('textarea')).not.toBeNull();
  });

  it('does not create a visitor when prefetched for someone who never chatted', async () => {
    const backend = fakeBackend();
    vi.stubGlobal('fetch', backend.fetch);
    mount(fakeHost(), 'idle');
    await flush();
    expect(backend.fetch).not.toHaveBeenCalled();
  });

  it('puts unread agent messages on the launcher badge for a returning visitor', async () => {
    localStorage.setItem('zendo:pk_test:visitor', 'visitor-token-1');
    const backend = fakeBackend({
      conversations: [conversation('c1')],
      messages: [message('c1', 1), message('c1', 2)],
    });
    vi.stubGlobal('fetch', backend.fetch);
    const host = fakeHost();
    mount(host, 'idle');
    await flush();
    await flush();
    expect(host.launcher).toHaveBeenLastCalledWith(2, undefined);
  });
});

describe('chat panel languages', () => {
  const languages = (list: string[]) => vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list);

  it('speaks the website’s locale, and names the launcher in it', async () => {
    languages(['en-US']);
    const { $, host } = await open({ website: { locale: 'de', settings: {} } });
    expect($('[part="send"]')?.getAttribute('aria-label')).toBe('Senden');
    expect($('textarea')?.getAttribute('placeholder')).toBe('Nachricht schreiben…');
    expect($('.log')?.textContent).toContain('Hallo! Wie können wir helfen?');
    expect(host.launcher).toHaveBeenLastCalledWith(0, de.launcher);
    expect([host.panel.lang, host.panel.dir, host.frame.lang]).toEqual(['de', 'ltr', 'de']);
  });

  it('follows the browser’s languages when the website says auto', async () => {
    languages(['nl-NL', 'ar-EG']);
    const { $, host } = await open({ website: { locale: 'auto' } });
    expect($('[part="send"]')?.getAttribute('aria-label')).toBe('إرسال');
    expect(host.launcher).toHaveBeenLastCalledWith(0, ar.launcher);
    expect([host.panel.lang, host.panel.dir]).toEqual(['ar', 'rtl']);
  });

  it('speaks English when neither the website nor the browser asks for a language it has', async () => {
    languages(['ja']);
    const { $, host } = await open();
    expect($('[part="send"]')?.getAttribute('aria-label')).toBe('Send');
    expect(host.launcher).toHaveBeenLastCalledWith(0, undefined);
    expect([host.panel.lang, host.panel.dir]).toEqual(['en', 'ltr']);
  });

  it('never shows the ready panel in a language it is about to leave', async () => {
    languages(['en']);
    // French, which no other test here loads: its chunk is fetched only once the bootstrap names it.
    const backend = fakeBackend({ website: { locale: 'fr' } });
    vi.stubGlobal('fetch', backend.fetch);
    const host = fakeHost();
    mount(host, 'open').opened();
    const seen = new Set<string>();
    const observer = new MutationObserver(() => {
      const send = host.root.querySelector('[part="send"]');
      if (send) seen.add(send.getAttribute('aria-label')!);
    });
    observer.observe(host.root, { subtree: true, childList: true, attributes: true });
    await vi.waitFor(() => expect(host.root.querySelector('[part="send"]')).not.toBeNull());
    await flush();
    observer.disconnect();
    expect([...seen]).toEqual(['Envoyer']);
  });

  it('falls back to English when the language cannot be loaded', async () => {
    languages(['es-ES']);
    const { $, host } = await open();
    expect($('[part="send"]')?.getAttribute('aria-label')).toBe('Send');
    expect(host.launcher).toHaveBeenLastCalledWith(0, undefined);
    expect([host.panel.lang, host.panel.dir]).toEqual(['en', 'ltr']);
  });

  it('formats times in the chosen language', async () => {
    languages(['en']);
    const { $ } = await open({
      website: { locale: 'ar' },
      conversations: [conversation('c1')],
      messages: [message('c1', 1)],
    });
    expect($('time')?.textContent).toBe(
      new Intl.DateTimeFormat('ar', { hour: 'numeric', minute: '2-digit' }).format(
        new Date(message('c1', 1).createdAt),
      ),
    );
  });
});

describe('chat panel while nobody is online', () => {
  const away = { online: false, offlineGreeting: 'We are closed for the night. Leave a message!' };
  const submit = (form: HTMLFormElement) => form.dispatchEvent(new Event('submit', { cancelable: true }));

  it('says who is there: online, or away and answering by email', async () => {
    const online = await open({ website: { online: true } });
    expect(online.$('.presence')?.textContent).toBe('We’re online');
    expect(online.$('.email')).toBeNull();
    document.body.replaceChildren();

    const unknown = await open();
    expect(unknown.$('.presence')).toBeNull();
  });

  it('shows the offline greeting and asks for an email, and the visitor can still write', async () => {
    const { $, connection } = await open({ website: away });
    expect($('.presence')?.textContent).toBe('We’re away – we’ll reply by email');
    expect($('.log')?.textContent).toContain('We are closed for the night. Leave a message!');
    const input = $<HTMLInputElement>('.email input')!;
    expect(input.type).toBe('email');
    expect(input.labels?.[0]?.textContent).toBe('Leave your email so we can answer by mail');
    type($<HTMLTextAreaElement>('textarea')!, 'Are you open tomorrow?');
    await flush();
    expect(connection.requests.map((r) => r.payload.body)).toEqual(['Are you open tomorrow?']);
  });

  it('falls back to the normal greeting when the website has no offline one', async () => {
    const { $ } = await open({ website: { online: false } });
    expect($('.log')?.textContent).toContain('Hello from Acme');
  });

  it('stores the email on the visitor and confirms it', async () => {
    const { $, backend } = await open({ website: away });
    $<HTMLInputElement>('.email input')!.value = '  ada@example.com ';
    submit($<HTMLFormElement>('.email')!);
    await flush();
    await flush();
    const patch = backend.state.requests.find((r) => r.method === 'PATCH');
    expect(patch?.url.pathname).toBe('/api/v1/widget/visitor');
    expect(patch?.body).toEqual({ email: 'ada@example.com' });
    expect(patch?.headers['X-Visitor-Token']).toBe('visitor-token-1');
    expect($('.email')).toBeNull();
    expect($('.saved[role="status"]')?.textContent).toBe('Thanks! We’ll reply to ada@example.com.');
  });

  it('catches a mistyped email before sending it, and says how to fix it', async () => {
    const { $, backend, host } = await open({ website: away });
    const input = $<HTMLInputElement>('.email input')!;
    input.value = 'ada@example';
    submit($<HTMLFormElement>('.email')!);
    await flush();
    expect(backend.state.requests.some((r) => r.method === 'PATCH')).toBe(false);
    const error = $('.email [role="alert"]')!;
    expect(error.textContent).toBe('Please enter a valid email address, like name@example.com.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(error.id);
    expect(host.root.activeElement).toBe(input);
  });

  it('says politely when the server refuses the address, and clears it once one is taken', async () => {
    const { $, backend } = await open({ website: away });
    backend.state.visitorStatus = 400;
    $<HTMLInputElement>('.email input')!.value = 'ada@example.com';
    submit($<HTMLFormElement>('.email')!);
    await flush();
    await flush();
    expect($('.email [role="alert"]')?.textContent).toBe(
      'We couldn’t save this email address. Please check it and try again.',
    );
    backend.state.visitorStatus = 503;
    submit($<HTMLFormElement>('.email')!);
    await flush();
    await flush();
    expect($('.email [role="alert"]')?.textContent).toBe(
      'Your email address could not be saved right now. Please try again.',
    );
    backend.state.visitorStatus = 200;
    submit($<HTMLFormElement>('.email')!);
    await flush();
    await flush();
    expect($('.email')).toBeNull();
    expect($('.saved')).not.toBeNull();
  });

  it('does not ask a visitor whose email the page gave with Zendo.identify()', async () => {
    const { $, app } = await open({ website: away });
    expect($('.email')).not.toBeNull();
    await app.identify({ name: 'Ada', email: 'ada@example.com' });
    await flush();
    expect($('.email')).toBeNull();
    expect($('.saved')).toBeNull();
  });

  it('follows presence as it changes', async () => {
    const { $, connection } = await open({ website: away });
    connection.push('presence', { status: 'online' });
    await flush();
    expect($('.presence')?.textContent).toBe('We’re online');
    expect($('.email')).toBeNull();
    expect($('.log')?.textContent).toContain('Hello from Acme');
    connection.push('presence', { status: 'offline' });
    await flush();
    expect($('.email')).not.toBeNull();
  });
});
