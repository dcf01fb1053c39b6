// "The visitor's side" in the widget: files (sent and shown), read receipts and "Seen", and the
// satisfaction rating, through the mounted chat on a fake API and socket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatHost } from '../../src/chat-host';
import type { ConnectionHandlers, VisitorAuth } from '../../src/chat/chat-connection';
import { mount } from '../../src/chat/index';
import { READ_DELAY_MS } from '../../src/chat/lazy/receipts';
import type { Attachment } from '../../src/chat/types';
import { conversation, fakeBackend, FakeConnection, flush, message, sessionHarness } from './fakes';

const sockets = vi.hoisted(() => ({ all: [] as unknown[] }));
vi.mock('../../src/chat/chat-connection', () => ({
  connectSocket: async (_origin: string, auth: () => VisitorAuth, handlers: ConnectionHandlers) => {
    const connection = new FakeConnection(handlers, auth);
    sockets.all.push(connection);
    return connection;
  },
}));

/** Stands in for XMLHttpRequest: the test sees each upload and answers it by hand. */
class FakeXhr {
  static all: FakeXhr[] = [];
  readonly upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } =
    { onprogress: null };
  readonly headers: Record<string, string> = {};
  method = '';
  url = '';
  body?: FormData;
  status = 0;
  responseText = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.all.push(this);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

function fakeHost() {
  const element = document.createElement('div');
  document.body.append(element);
  const root = element.attachShadow({ mode: 'open' });
  const frame = document.createElement('div');
  const panel = document.createElement('div');
  const body = document.createElement('div');
  const live = document.createElement('div');
  panel.append(body);
  frame.append(panel, live);
  root.append(frame);
  return {
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
  await settle();
  const $ = <E extends Element = HTMLElement>(selector: string) => host.root.querySelector<E>(selector);
  const $$ = (selector: string) => [...host.root.querySelectorAll<HTMLElement>(selector)];
  return { backend, host, app, connection, $, $$ };
}

/** Lets dynamic imports (the lazy chunks) and the renders after them happen. */
async function settle() {
  for (let i = 0; i < 6; i++) await flush();
}

/** Waits for what a lazily fetched chunk renders (its first import is transformed on demand here). */
const until = (check: () => void) => vi.waitFor(check, { timeout: 3000, interval: 10 });

const file = (name: string, type = 'image/png', size = 4) => new File([new Uint8Array(size)], name, { type });

/** A `change` on the file input with these files, as the browser's picker makes it. */
function choose(picker: HTMLInputElement, files: File[]) {
  Object.defineProperty(picker, 'files', { value: files, configurable: true });
  picker.dispatchEvent(new Event('change'));
}

function withFiles(type: string, files: File[], extra: Record<string, unknown> = {}) {
  const event = new Event(type, { bubbles: true, cancelable: true });
  Object.defineProperty(event, type === 'paste' ? 'clipboardData' : 'dataTransfer', {
    value: { files, types: ['Files'], ...extra },
  });
  return event;
}

const attachment = (overrides: Partial<Attachment> = {}): Attachment => ({
  id: 'a-1',
  name: 'shot.png',
  type: 'image/png',
  size: 2048,
  url: 'https://api.test/api/v1/attachments/c1/a-1?expires=1&signature=s',
  ...overrides,
});

beforeEach(() => {
  sockets.all.length = 0;
  FakeXhr.all.length = 0;
  localStorage.clear();
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('files in the widget', () => {
  it('sends a chosen file with progress, then shows its message with the image itself', async () => {
    const { $, $$ } = await open({ conversations: [conversation('c1')] });
    const attach = $('[part="composer"] button.attach');
    expect(attach?.getAttribute('aria-label')).toBe('Attach a file');
    choose($<HTMLInputElement>('input[type="file"]')!, [file('shot.png')]);
    await until(() => expect(FakeXhr.all).toHaveLength(1));
    await settle();

    const [xhr] = FakeXhr.all;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('https://api.test/api/v1/widget/conversations/c1/attachments');
    expect(xhr.headers['X-Visitor-Token']).toBe('visitor-token-1');
    expect((xhr.body!.get('file') as File).name).toBe('shot.png');
    const clientMessageId = xhr.body!.get('clientMessageId') as string;
    expect(clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect($('[part="message"].pending')?.textContent).toContain('shot.png');
    expect($('[part="message"].pending [role="status"]')?.textContent).toContain('Uploading… 0%');
    xhr.progress(1, 2);
    await settle();
    expect($('[part="message"].pending')?.textContent).toContain('Uploading… 50%');

    const stored = message('c1', 1, {
      body: '',
      clientMessageId,
      sender: { type: 'visitor', id: 'v-1' },
      attachments: [attachment()],
    });
    xhr.respond(201, { message: stored });
    await settle();
    expect($$('[part="message"].pending')).toHaveLength(0);
    await until(() => expect($('[part="message"].visitor img')).not.toBeNull());
    const img = $<HTMLImageElement>('[part="message"].visitor img');
    expect(img?.getAttribute('alt')).toBe('shot.png');
    expect(img?.getAttribute('src')).toBe(attachment().url);
    expect(img?.closest('a')?.getAttribute('target')).toBe('_blank');
    // Files alone: no empty bubble of words.
    expect($$('[part="message"].visitor .text')).toHaveLength(0);
  });

  it('takes files pasted into the composer and dropped onto the panel', async () => {
    const { $, host } = await open({ conversations: [conversation('c1')] });
    const composer = $<HTMLTextAreaElement>('[part="composer"] textarea')!;
    const paste = withFiles('paste', [file('pasted.png')]);
    composer.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    const over = withFiles('dragover', []);
    host.body.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    const drop = withFiles('drop', [file('dropped.pdf', 'application/pdf')]);
    host.body.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await until(() => expect(FakeXhr.all).toHaveLength(2));
    expect(FakeXhr.all.map((x) => (x.body!.get('file') as File).name)).toEqual(['pasted.png', 'dropped.pdf']);
    // Words pasted are words: left to the textarea.
    const words = withFiles('paste', []);
    composer.dispatchEvent(words);
    expect(words.defaultPrevented).toBe(false);
  });

  it('says why a file was refused: too big (with the limit), a type not allowed, too many', async () => {
    const { $, $$ } = await open({ conversations: [conversation('c1')] });
    const picker = $<HTMLInputElement>('input[type="file"]')!;
    choose(picker, [file('huge.png'), file('page.png'), file('third.png')]);
    await until(() => expect(FakeXhr.all).toHaveLength(3));
    const [big, html, many] = FakeXhr.all;
    big.respond(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Files may be up to 10485760 bytes' } });
    html.respond(415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'no' } });
    many.respond(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } });
    await settle();
    const alerts = $$('[part="message"].failed [role="alert"]');
    expect(alerts.map((a) => a.textContent!.replace(/\s+/g, ' ').trim())).toEqual([
      'This file is too big. Files can be up to 10 MB. Remove',
      'Only images, PDFs and text files can be sent. Remove',
      'Too many files at once. Please wait a moment. Retry Remove',
    ]);

    // Retried with the same clientMessageId, so it is stored once.
    const retry = alerts[2].querySelector<HTMLButtonElement>('button')!;
    retry.click();
    await settle();
    expect(FakeXhr.all).toHaveLength(4);
    expect(FakeXhr.all[3].body!.get('clientMessageId')).toBe(many.body!.get('clientMessageId'));
    // Removed, a refusal is gone.
    [...alerts[0].querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Remove')!.click();
    await settle();
    expect($$('[part="message"].failed')).toHaveLength(1);
    expect($('[part="message"].failed')?.textContent).toContain('page.png');
  });

  it('opens a conversation for a file sent before any words', async () => {
    const { $, connection } = await open();
    choose($<HTMLInputElement>('input[type="file"]')!, [file('first.png')]);
    await until(() => expect(connection.requests).toHaveLength(1));
    expect(FakeXhr.all).toHaveLength(0);
    const request = connection.answer({ ok: true, conversation: conversation('c9') });
    expect(request.event).toBe('conversation:open');
    expect(request.payload).not.toHaveProperty('body');
    await settle();
    expect(FakeXhr.all[0].url).toBe('https://api.test/api/v1/widget/conversations/c9/attachments');
  });

  it('shows images as themselves and other files as links with their size; never a javascript: link', async () => {
    const { $$, host } = await open({
      conversations: [conversation('c1')],
      messages: [
        message('c1', 1, {
          body: 'the invoice and a photo',
          attachments: [
            attachment({ id: 'a-2', name: 'invoice <b>.pdf', type: 'application/pdf', size: 2560 }),
            attachment(),
            attachment({ id: 'a-3', name: 'evil.txt', type: 'text/plain', url: 'javascript:alert(1)' }),
          ],
        }),
        message('c1', 2, { body: '', deletedAt: '2025-01-02T00:00:00Z', attachments: [attachment({ id: 'a-4' })] }),
      ],
    });
    await until(() => expect($$('.files a')).toHaveLength(2));
    const links = $$('.files a');
    expect(links.map((a) => [a.className, a.textContent?.trim(), a.getAttribute('href')])).toEqual([
      ['file', 'invoice <b>.pdf', attachment().url],
      ['image', '', attachment().url],
    ]);
    expect(links[0].getAttribute('download')).toBe('invoice <b>.pdf');
    expect($$('.files .size').map((s) => s.textContent)).toEqual(['2.5 kB']);
    expect(host.root.innerHTML).not.toContain('javascript:');
    expect($$('b')).toHaveLength(0);
    // A deleted message shows none of its files.
    expect($$('[part="message"]')[1].querySelector('.files')).toBeNull();
  });
});

describe('read receipts', () => {
  const wait = () => new Promise((resolve) => setTimeout(resolve, READ_DELAY_MS + 50));
  const reads = (h: ReturnType<typeof sessionHarness>) =>
    h.backend.state.requests.filter((r) => r.url.pathname.endsWith('/read')).map((r) => r.body);

  it('marks what is shown read, after it settles, only forward, only while viewing', { timeout: 15_000 }, async () => {
    const h = sessionHarness({
      conversations: [conversation('c1', { visitorReadSeq: 1 })],
      messages: [message('c1', 1), message('c1', 2)],
    });
    await h.session.start();
    h.connection.up();
    await flush();
    await wait();
    expect(reads(h)).toEqual([]); // not viewing

    h.session.setViewing(true);
    h.session.setViewing(true);
    await wait();
    expect(reads(h)).toEqual([{ seq: 2 }]);
    h.session.setViewing(true);
    await wait();
    expect(reads(h)).toHaveLength(1); // nothing new: not told again

    h.connection.push('message:new', { message: message('c1', 3) });
    await wait();
    expect(reads(h)).toEqual([{ seq: 2 }, { seq: 3 }]);

    h.session.setViewing(false);
    h.connection.push('message:new', { message: message('c1', 4) });
    await wait();
    expect(reads(h)).toHaveLength(2);
  });

  it('sends no receipt for the visitor’s own words', async () => {
    const h = sessionHarness({
      conversations: [conversation('c1', { visitorReadSeq: 1 })],
      messages: [message('c1', 1), message('c1', 2, { sender: { type: 'visitor', id: 'v-1' } })],
    });
    await h.session.start();
    h.session.setViewing(true);
    await wait();
    expect(reads(h)).toEqual([]);
  });

  it('is told nothing already known: the conversation says the visitor read it all', async () => {
    const h = sessionHarness({
      conversations: [conversation('c1', { visitorReadSeq: 2 })],
      messages: [message('c1', 1), message('c1', 2)],
    });
    await h.session.start();
    h.session.setViewing(true);
    await wait();
    expect(reads(h)).toEqual([]);
  });

  it('shows “Seen” under the visitor’s last message the team has read, following conversation:read', async () => {
    const visitor = { type: 'visitor' as const, id: 'v-1' };
    const { $$, connection } = await open({
      conversations: [conversation('c1', { agentReadSeq: 2 })],
      messages: [
        message('c1', 1, { sender: visitor, body: 'one' }),
        message('c1', 2, { body: 'reply' }),
        message('c1', 3, { sender: visitor, body: 'two' }),
      ],
    });
    const seen = () => $$('[part="message"]').map((m) => m.querySelector('.seen')?.textContent ?? '');
    expect(seen()).toEqual(['Seen', '', '']);
    connection.push('conversation:read', { conversationId: 'c1', seq: 3, by: { type: 'visitor' } });
    await settle();
    expect(seen()).toEqual(['Seen', '', '']);
    connection.push('conversation:read', { conversationId: 'c1', seq: 3, by: { type: 'agent' } });
    await settle();
    expect(seen()).toEqual(['', '', 'Seen']);
    // Never backwards, and a conversation from an event without it keeps it.
    connection.push('conversation:read', { conversationId: 'c1', seq: 1, by: { type: 'agent' } });
    connection.push('conversation:close', { conversation: conversation('c1', { status: 'closed' }) });
    await settle();
    expect(seen()).toEqual(['', '', 'Seen']);
  });
});

describe('satisfaction rating', () => {
  const closed = (overrides = {}) => conversation('c1', { status: 'closed', ...overrides });

  it('asks “How did we do?” under a closed conversation, sends a score and comment once, then thanks', async () => {
    const { $, $$, backend } = await open({ conversations: [closed()], website: { csatEnabled: true } });
    await until(() => expect($('.rate .ask')?.textContent).toBe('How did we do?'));
    const stars = $$('.rate .star');
    expect(stars.map((s) => s.getAttribute('aria-label'))).toEqual([
      '1 out of 5',
      '2 out of 5',
      '3 out of 5',
      '4 out of 5',
      '5 out of 5',
    ]);
    const submit = $<HTMLButtonElement>('.rate button[type="submit"]')!;
    expect(submit.disabled).toBe(true);
    stars[3].click();
    await settle();
    expect($$('.rate .star').map((s) => s.getAttribute('aria-pressed'))).toEqual([
      'false',
      'false',
      'false',
      'true',
      'false',
    ]);
    const comment = $<HTMLTextAreaElement>('.rate textarea')!;
    expect(comment.getAttribute('aria-label')).toBe('Add a comment (optional)');
    comment.value = '  Quick and kind ';
    $<HTMLFormElement>('.rate')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    const posted = backend.state.requests.filter((r) => r.url.pathname.endsWith('/rating'));
    expect(posted.map((r) => [r.url.pathname, r.headers['X-Visitor-Token'], r.body])).toEqual([
      ['/api/v1/widget/conversations/c1/rating', 'visitor-token-1', { score: 4, comment: 'Quick and kind' }],
    ]);
    expect($('.rated')?.textContent).toBe('Thanks for your feedback!');
    expect($('.rate')).toBeNull();
  });

  it('takes ALREADY_RATED quietly as done, and says so when a rating could not be sent', async () => {
    const first = await open({ conversations: [closed()], website: { csatEnabled: true } });
    first.backend.state.ratingStatus = 409;
    await until(() => expect(first.$('.rate')).not.toBeNull());
    first.$$('.rate .star')[4].click();
    first.$<HTMLFormElement>('.rate')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await until(() => expect(first.$('.rated')?.textContent).toBe('Thanks for your feedback!'));

    document.body.replaceChildren();
    const second = await open({ conversations: [closed()], website: { csatEnabled: true } });
    second.backend.state.ratingStatus = 500;
    second.backend.state.ratingCode = 'INTERNAL';
    await until(() => expect(second.$('.rate')).not.toBeNull());
    second.$$('.rate .star')[0].click();
    second.$<HTMLFormElement>('.rate')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(second.$('.rate [role="alert"]')?.textContent).toBe('Your rating could not be sent. Please try again.');
  });

  it('does not ask when ratings are off, when it was rated before, or while the conversation is open', async () => {
    for (const setup of [
      { conversations: [closed()], website: { csatEnabled: false } },
      {
        conversations: [closed({ rating: { score: 5, comment: null, at: '2025-01-01' } })],
        website: { csatEnabled: true },
      },
      { conversations: [conversation('c1')], website: { csatEnabled: true } },
    ]) {
      const { $ } = await open(setup);
      await settle();
      expect($('.rate')).toBeNull();
      document.body.replaceChildren();
    }
  });
});
