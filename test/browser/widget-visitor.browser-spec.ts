/// <reference lib="dom" />
// The widget's side of "The visitor's side" in Chromium against the real API: a file sent from the
// widget and what an agent gets of it, a disguised HTML file refused, read receipts, an unsent
// message surviving a reload, Arabic right to left, and the satisfaction rating after a close.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { Browser, WebSocketRoute } from 'playwright-core';
import request from 'supertest';
import { configureAttachmentLinks } from '../../src/conversations/attachment-links';
import { AgentSession, Api, WebsiteInfo } from '../support/api';
import {
  eventually,
  launchChromium,
  requireBrowserSetup,
  RESULTS_DIR,
  serveSite,
  StaticSite,
  WAIT_MS,
  watchedPage,
  WatchedPage,
  WIDGET_BUILD,
} from '../support/browser';
import { connect, Payload, TestSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { openPanel, send, widget } from '../support/widget-page';

/** A real 1×1 PNG, so the thumbnail has something to decode. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A `width`×`height` PNG of two colours in stripes: big enough to see in a screenshot. */
function stripes(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = Math.floor((x + y) / 16) % 2 === 0;
      rows.set(light ? [0x99, 0xd5, 0xc9] : [0x0f, 0x76, 0x6e], y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Sets `window.__xss` if it is ever run as a page. */
const HTML = Buffer.from(
  '<!doctype html><html><body><script>parent.__xss = 1; window.__xss = 1</script></body></html>',
);

interface StoredMessage {
  id: string;
  seq: number;
  body: string;
  clientMessageId: string | null;
  sender: { type: string };
  attachments?: { id: string; name: string; type: string; size: number; url: string }[];
}

describe("widget: the visitor's side in Chromium", () => {
  let running: TestApp;
  let api: Api;
  let host: StaticSite;
  let browser: Browser;
  /** The website key the host page embeds on its next load. */
  let embedKey = '';
  const sockets: TestSocket[] = [];
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    requireBrowserSetup(WIDGET_BUILD);
    running = await startTestApp();
    ({ api } = running);
    // Links point at where the API really listens, as PUBLIC_URL makes them in a deployment.
    configureAttachmentLinks(running.config.jwtSecret, running.url);
    const apiUrl = new URL(running.url);
    const csp = [
      "default-src 'none'",
      `script-src 'self' ${apiUrl.origin}`,
      `connect-src ${apiUrl.origin} ws://${apiUrl.host}`,
      "style-src 'self'",
      `img-src ${apiUrl.origin}`,
    ].join('; ');
    host = await serveSite((path) =>
      path === '/'
        ? {
            type: 'text/html; charset=utf-8',
            body: `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <title>Orders – Shop</title>
  <script src="${apiUrl.origin}/widget.js" async></script>
</head>
<body><main><h1>Orders</h1></main><zendo-chat website-key="${embedKey}"></zendo-chat></body>
</html>`,
          }
        : undefined,
    );
    browser = await launchChromium();
  });

  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await Promise.all(pages.splice(0).map((p) => p.context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await running?.close();
  });

  async function shop(settings: Record<string, unknown> = {}): Promise<{ owner: AgentSession; site: WebsiteInfo }> {
    const owner = await api.signup('Owner');
    const site = await api.website(owner, { name: 'Shop', allowedOrigins: [host.origin] });
    if (Object.keys(settings).length) await api.as(owner).patch(`/websites/${site.id}`, settings).expect(200);
    return { owner, site };
  }

  async function desk(agent: AgentSession): Promise<TestSocket> {
    const socket = await connect(running.url, { token: agent.accessToken });
    sockets.push(socket);
    return socket;
  }

  /** The host page in a fresh browser context; `sockets` lets the test cut the widget's socket. */
  async function visit(key: string, options: { viewport?: { width: number; height: number } } = {}) {
    embedKey = key;
    const watched = await watchedPage(browser, options.viewport ? { viewport: options.viewport } : {});
    pages.push(watched);
    const routed: WebSocketRoute[] = [];
    const link = { cut: false };
    await watched.context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (link.cut) {
        void ws.close();
        return;
      }
      routed.push(ws);
      ws.connectToServer();
    });
    await watched.page.goto(`${host.origin}/`);
    return {
      ...watched,
      ...widget(watched.page),
      /** Drops the widget's socket and refuses every new one until `restore()`. */
      async cutSocket() {
        link.cut = true;
        await Promise.all(routed.splice(0).map((ws) => ws.close()));
      },
      restore() {
        link.cut = false;
      },
    };
  }

  function arrived(socket: TestSocket, match: (m: StoredMessage) => boolean, what: string): Promise<Payload> {
    return eventually(`message:new ${what} at the agent`, () =>
      socket.received('message:new').find((m) => match(m.message as StoredMessage)),
    );
  }

  async function history(owner: AgentSession, conversationId: string): Promise<StoredMessage[]> {
    const res = await api.as(owner).get(`/conversations/${conversationId}/messages?limit=200`).expect(200);
    return res.body.messages;
  }

  async function conversationOf(owner: AgentSession, conversationId: string) {
    const res = await api.as(owner).get(`/conversations/${conversationId}`).expect(200);
    return res.body.conversation ?? res.body;
  }

  it('sends an image from the widget: a thumbnail there, the same bytes for the agent, nothing for another website’s visitor', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const v = await visit(site.key);
    await openPanel(v.page);

    // A file before any words: the widget opens the conversation for it.
    await v.picker.setInputFiles({ name: 'receipt photo.png', mimeType: 'image/png', buffer: PNG });
    const live = await arrived(agent, (m) => m.attachments?.[0]?.name === 'receipt photo.png', 'with the image');
    const conversationId = live.message.conversationId as string;
    const thumb = v.root.locator('[part="message"].visitor img[alt="receipt photo.png"]');
    await thumb.waitFor({ timeout: WAIT_MS });
    await v.page.waitForFunction(
      () =>
        (
          document
            .querySelector('zendo-chat')
            ?.shadowRoot?.querySelector('img[alt="receipt photo.png"]') as HTMLImageElement | null
        )?.naturalWidth === 1,
      undefined,
      { timeout: WAIT_MS },
    );
    const link = v.root.locator('a.image');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // A message of a file alone has no empty bubble of words.
    expect(await v.root.locator('[part="message"].visitor .text').count()).toBe(0);

    // The agent's API has it, and its link serves the very bytes.
    const [stored] = (await history(owner, conversationId)).filter((m) => m.attachments?.length);
    expect(stored).toMatchObject({ body: '', sender: { type: 'visitor' } });
    expect(stored.attachments).toEqual([
      {
        id: expect.any(String),
        name: 'receipt photo.png',
        type: 'image/png',
        size: PNG.length,
        url: expect.any(String),
      },
    ]);
    const url = new URL(stored.attachments![0].url);
    expect(url.origin).toBe(running.url);
    expect(await thumb.getAttribute('src')).toBe(stored.attachments![0].url);
    const got = await request(running.url)
      .get(url.pathname + url.search)
      .buffer(true);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0);

    // Another website's visitor reads nothing of it: not the messages, not the file under their own conversation.
    const other = await shop();
    const stranger = await api.bootstrap(other.site.key, undefined, host.origin);
    await request(running.url)
      .get(`/api/v1/widget/conversations/${conversationId}/messages`)
      .set('X-Visitor-Token', stranger.visitorToken)
      .set('Origin', host.origin)
      .expect(404);
    const listed = await request(running.url)
      .get('/api/v1/widget/conversations')
      .set('X-Visitor-Token', stranger.visitorToken)
      .set('Origin', host.origin)
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(stored.attachments![0].id);
    // The link is signed for this conversation and file: under any other conversation it is refused.
    const moved = url.pathname.replace(conversationId, randomUUID()) + url.search;
    expect([403, 404]).toContain((await request(running.url).get(moved)).status);
    expect([403, 404]).toContain((await request(running.url).get(url.pathname)).status);

    // Read receipts: the team's reply the widget shows is marked read; the agent's read shows "Seen".
    const ack = await agent.emit('message:new', {
      conversationId,
      body: 'Got it, thanks',
      clientMessageId: randomUUID(),
    });
    expect(ack.ok).toBe(true);
    await v.messages.filter({ hasText: 'Got it, thanks' }).waitFor({ timeout: WAIT_MS });
    const replySeq = stored.seq + 1;
    const readSeq = await waitFor(
      'visitorReadSeq to reach the reply',
      async () => (await conversationOf(owner, conversationId)).visitorReadSeq,
      (seq) => seq >= replySeq,
    );
    expect(readSeq).toBe(replySeq);
    expect(await v.root.getByText('Seen', { exact: true }).count()).toBe(0);
    await api.as(owner).post(`/conversations/${conversationId}/read`, { seq: stored.seq }).expect(204);
    await v.root.locator('[part="message"].visitor .seen', { hasText: 'Seen' }).waitFor({ timeout: WAIT_MS });
    expect(v.problems).toEqual([]);
  });

  it('refuses an HTML file named .png and sent as image/png: said in the widget, never rendered, never stored', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const v = await visit(site.key);
    await openPanel(v.page);
    await send(v.page, 'Here is the picture');
    const { message } = await arrived(agent, (m) => m.body === 'Here is the picture', '"Here is the picture"');
    const conversationId = message.conversationId as string;

    await v.picker.setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: HTML });
    const refusal = v.root.locator('[part="message"].failed [role="alert"]');
    await refusal.waitFor({ timeout: WAIT_MS });
    expect(await refusal.innerText()).toContain('Only images, PDFs and text files can be sent.');
    // Nothing to retry (it would be refused again); it can be removed.
    expect(await refusal.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await v.root.locator('img, iframe, object, embed').count()).toBe(0);
    await v.page.waitForTimeout(300);
    expect(await v.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect((await history(owner, conversationId)).map((m) => m.body)).toEqual(['Here is the picture']);
    await refusal.getByRole('button', { name: 'Remove' }).click();
    await v.root.locator('[part="message"].failed').waitFor({ state: 'detached', timeout: WAIT_MS });
    // Chromium logs the refused request itself; nothing else went wrong.
    expect(v.problems.filter((p) => !/status of 415/.test(p))).toEqual([]);
  });

  it('keeps a message written while the socket is down across a reload, and sends it exactly once', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const v = await visit(site.key);
    await openPanel(v.page);
    await send(v.page, 'First question');
    const { message } = await arrived(agent, (m) => m.body === 'First question', '"First question"');
    const conversationId = message.conversationId as string;

    await v.cutSocket();
    const body = `Written offline ${randomUUID().slice(0, 6)}`;
    await v.composer.fill(body);
    await v.composer.press('Enter');
    await v.root.locator('[part="message"].visitor.pending', { hasText: body }).waitFor({ timeout: WAIT_MS });
    const kept = await v.page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(kept).toContain(body);

    v.restore();
    await v.page.reload();
    await openPanel(v.page);
    await v.root
      .locator('[part="message"].visitor:not(.pending):not(.failed)', { hasText: body })
      .waitFor({ timeout: WAIT_MS });
    await arrived(agent, (m) => m.body === body, 'written offline');
    // Another reload: nothing goes twice.
    await v.page.reload();
    await openPanel(v.page);
    await v.root.locator('[part="message"]', { hasText: body }).waitFor({ timeout: WAIT_MS });
    await v.page.waitForTimeout(500);
    const bodies = (await history(owner, conversationId)).map((m) => m.body);
    expect(bodies.filter((b) => b === body)).toHaveLength(1);
    expect(await v.root.locator('[part="message"]', { hasText: body }).count()).toBe(1);
    expect(await v.page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(body);
    expect(v.problems).toEqual([]);
  });

  it('speaks Arabic right to left when the website says so, the language chunk served by the API', async () => {
    const { owner, site } = await shop({ locale: 'ar', settings: { greeting: 'مرحبًا بك في المتجر' } });
    const agent = await desk(owner);
    const v = await visit(site.key, { viewport: { width: 480, height: 760 } });
    const chunks: string[] = [];
    v.page.on('response', (res) => {
      if (/\/chunks\/ar-[A-Z0-9]+\.js$/.test(res.url())) chunks.push(`${res.status()} ${new URL(res.url()).origin}`);
    });
    await openPanel(v.page);
    await v.root.locator('[part="panel"][dir="rtl"]').waitFor({ timeout: WAIT_MS });
    expect(await v.panel.getAttribute('lang')).toBe('ar');
    expect(chunks).toEqual([`200 ${running.url}`]);
    expect(await v.composer.getAttribute('placeholder')).toBe('اكتب رسالتك…');
    expect(await v.root.getByRole('button', { name: 'إرفاق ملف' }).count()).toBe(1);

    await send(v.page, 'أين طلبي رقم 42؟');
    const { message } = await arrived(agent, (m) => m.body === 'أين طلبي رقم 42؟', 'in Arabic');
    const conversationId = message.conversationId as string;
    const ack = await agent.emit('message:new', {
      conversationId,
      body: 'طلبك في الطريق، سيصل غدًا.',
      clientMessageId: randomUUID(),
    });
    expect(ack.ok).toBe(true);
    await v.picker.setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: stripes(240, 150) });
    await v.root.locator('img[alt="invoice.png"]').waitFor({ timeout: WAIT_MS });
    await v.page.waitForFunction(
      () =>
        (
          document
            .querySelector('zendo-chat')
            ?.shadowRoot?.querySelector('img[alt="invoice.png"]') as HTMLImageElement | null
        )?.naturalWidth === 240,
      undefined,
      { timeout: WAIT_MS },
    );
    const agentBubble = v.root.locator('[part="message"].agent .text', { hasText: 'طلبك' });
    const visitorBubble = v.root.locator('[part="message"].visitor .text').first();
    // The visitor's messages sit on the left in Arabic, the team's on the right.
    const [a, b] = await Promise.all([agentBubble.boundingBox(), visitorBubble.boundingBox()]);
    expect(a!.x).toBeGreaterThan(b!.x);
    await api.as(owner).post(`/conversations/${conversationId}/read`, { seq: 3 }).expect(204);
    await v.root.getByText('تمت المشاهدة').waitFor({ timeout: WAIT_MS });
    await v.page.screenshot({ path: join(RESULTS_DIR, 'widget-ar.png') });

    await api.as(owner).post(`/conversations/${conversationId}/close`).expect(200);
    await v.root.getByText('كيف كانت خدمتنا؟').waitFor({ timeout: WAIT_MS });
    await v.page.screenshot({ path: join(RESULTS_DIR, 'widget-ar-rating.png') });
    expect(v.problems).toEqual([]);
  });

  it('asks “How did we do?” once the conversation is closed, stores the rating once, and not again', async () => {
    const { owner, site } = await shop();
    const agent = await desk(owner);
    const v = await visit(site.key);
    await openPanel(v.page);
    await send(v.page, 'Can I change my order?');
    const { message } = await arrived(agent, (m) => m.body === 'Can I change my order?', 'the question');
    const conversationId = message.conversationId as string;
    expect(await v.root.getByText('How did we do?').count()).toBe(0);

    await api.as(owner).post(`/conversations/${conversationId}/close`).expect(200);
    await v.root.getByText('How did we do?').waitFor({ timeout: WAIT_MS });
    const sendRating = v.root.getByRole('button', { name: 'Send rating' });
    expect(await sendRating.isDisabled()).toBe(true);
    await v.root.getByRole('button', { name: '4 out of 5' }).click();
    expect(await v.root.getByRole('button', { name: '4 out of 5' }).getAttribute('aria-pressed')).toBe('true');
    await v.root.getByLabel('Add a comment (optional)').fill('Quick and kind');
    await sendRating.click();
    await v.root.getByText('Thanks for your feedback!').waitFor({ timeout: WAIT_MS });
    expect((await conversationOf(owner, conversationId)).rating).toEqual({
      score: 4,
      comment: 'Quick and kind',
      at: expect.any(String),
    });

    // Asked once: a reload shows the ended conversation without the question.
    await v.page.reload();
    await v.launcher.click({ timeout: WAIT_MS });
    await v.root.getByRole('button', { name: 'Start a new conversation' }).waitFor({ timeout: WAIT_MS });
    await v.page.waitForTimeout(300);
    expect(await v.root.getByText('How did we do?').count()).toBe(0);
    const report = await api.as(owner).get(`/websites/${site.id}/reports/csat`).expect(200);
    expect(report.body).toMatchObject({ count: 1, average: 4 });
    expect(v.problems).toEqual([]);
  });

  it('does not ask for a rating when the website turned ratings off', async () => {
    const { owner, site } = await shop({ csatEnabled: false });
    const agent = await desk(owner);
    const v = await visit(site.key);
    await openPanel(v.page);
    await send(v.page, 'Thanks, that is all');
    const { message } = await arrived(agent, (m) => m.body === 'Thanks, that is all', 'the last words');
    await api.as(owner).post(`/conversations/${message.conversationId}/close`).expect(200);
    await v.root.getByText('This conversation has ended.').waitFor({ timeout: WAIT_MS });
    await v.page.waitForTimeout(300);
    expect(await v.root.getByText('How did we do?').count()).toBe(0);
    expect(v.problems).toEqual([]);
  });
});

/** Polls `read` until `done` holds for what it returns; fails naming `what`. */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > WAIT_MS) throw new Error(`waited ${WAIT_MS} ms for ${what}: ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
